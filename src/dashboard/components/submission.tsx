// One submission's page: its summary, links into Close, replay and erase, the timeline of its
// attempts, what was received, the draft and the Close requests the delivery sent. The client
// fills it from GET /v1/admin/submissions/:id and its attempts.
import { ELEMENT } from "../elements.ts";
import type { PageName } from "../pages.ts";
import { PageSection } from "./section.tsx";

/** The submission page's markup. */
export function SubmissionPage({ active }: { active: PageName }) {
  return (
    <PageSection page="submission" active={active} headingId={ELEMENT.detailHeading}>
      <p>
        <a href="/admin/submissions" data-nav="" class="back">
          ← All submissions
        </a>
      </p>
      <dl id={ELEMENT.detailSummary} class="summary panel" />
      <div id={ELEMENT.detailActions} class="actions-bar">
        <a
          id={ELEMENT.closeLink}
          href="https://app.close.com/"
          class="button"
          target="_blank"
          rel="noopener noreferrer"
          hidden
        >
          Open the lead in Close ↗
        </a>
        <button type="button" class="quiet" id={ELEMENT.previewReplay} hidden>
          Preview replay
        </button>
        <button type="button" id={ELEMENT.replay} hidden>
          Replay
        </button>
        <button type="button" class="danger" id={ELEMENT.erase} hidden>
          Erase personal data…
        </button>
      </div>
      <p id={ELEMENT.detailNotice} class="notice" role="status" hidden />
      <section
        id={ELEMENT.replayPreview}
        class="panel"
        aria-labelledby="replay-preview-heading"
        hidden
      >
        <h2 id="replay-preview-heading">What a replay would deliver</h2>
        <p id={ELEMENT.replayChanges} />
        <div class="grid-2">
          <div>
            <h3>Stored draft</h3>
            <div id={ELEMENT.oldDraft} />
          </div>
          <div>
            <h3>Draft the replay would deliver</h3>
            <div id={ELEMENT.newDraft} />
          </div>
        </div>
      </section>
      <div class="grid-2 wide-left">
        <section class="panel" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          <ol id={ELEMENT.timeline} class="timeline" />
        </section>
        <section class="panel" aria-labelledby="received-heading">
          <h2 id="received-heading">Received</h2>
          <p class="muted">The answers the source's preset read from the post.</p>
          <div id={ELEMENT.received} />
        </section>
      </div>
      <div class="grid-2">
        <section class="panel" aria-labelledby="draft-heading">
          <h2 id="draft-heading">Draft</h2>
          <p class="muted">What the bridge creates or updates in Close.</p>
          <div id={ELEMENT.draft} />
        </section>
        <section class="panel" aria-labelledby="requests-heading">
          <h2 id="requests-heading">Close requests</h2>
          <p class="muted">
            What each attempt sent to Close: method, path, Close's status and the ids it named.
          </p>
          <div id={ELEMENT.closeRequests} />
        </section>
      </div>
    </PageSection>
  );
}

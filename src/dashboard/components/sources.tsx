// The Sources page: every configured source (preset, auth, whether its secret is set, its
// endpoint with a copy button, when it last received) and the Try it panel, which previews a
// pasted or example payload through POST /v1/admin/sources/:source/preview.
import { ELEMENT } from "../elements.ts";
import type { PageName } from "../pages.ts";
import { PageSection } from "./section.tsx";

/** The Sources page's markup. */
export function Sources({ active }: { active: PageName }) {
  return (
    <PageSection page="sources" active={active}>
      <div id={ELEMENT.sourcesList} class="sources" />
      <section class="panel" aria-labelledby="try-heading">
        <h2 id="try-heading">Try it</h2>
        <p class="muted">
          Send a payload as the sender would post it and see the draft and the Close requests a
          delivery would make. Nothing is stored and nothing is written to Close; with "Ask Close"
          the searches run for real.
        </p>
        <form id={ELEMENT.tryForm} class="try">
          <div class="row wrap">
            <div class="field">
              <label for={ELEMENT.trySource}>Source</label>
              <select id={ELEMENT.trySource} name="source" required />
            </div>
            <div class="field wide">
              <label for={ELEMENT.tryContentType}>Content type</label>
              <input
                id={ELEMENT.tryContentType}
                name="contentType"
                required
                autocomplete="off"
                value="application/json"
              />
            </div>
            <label class="check">
              <input type="checkbox" id={ELEMENT.tryClose} checked /> Ask Close
            </label>
          </div>
          <div class="field">
            <label for={ELEMENT.tryBody}>Payload</label>
            <textarea id={ELEMENT.tryBody} name="body" rows={12} spellcheck={false} required />
          </div>
          <div class="row">
            <button type="submit">Preview</button>
            <button type="button" class="quiet" id={ELEMENT.tryExample}>
              Load the example
            </button>
          </div>
        </form>
        <div id={ELEMENT.tryResult} aria-live="polite" />
      </section>
    </PageSection>
  );
}

// One submission as the admin API answers it, its replay button, and what a replay would
// deliver beside what the log holds (the replay's dry run).
import { ELEMENT } from "../elements.ts";

/** The selected submission's JSON (filled by the client), its replay and its replay preview. */
export function SubmissionDetail() {
  return (
    <>
      <p>
        <button type="button" id={ELEMENT.previewReplay} hidden>
          Preview replay
        </button>{" "}
        <button type="button" id={ELEMENT.replay} hidden>
          Replay this submission
        </button>
      </p>
      <p id={ELEMENT.changes} />
      <div id={ELEMENT.drafts} hidden>
        <div>
          <h2>Stored draft</h2>
          <pre id={ELEMENT.oldDraft} />
        </div>
        <div>
          <h2>Draft the replay would deliver</h2>
          <pre id={ELEMENT.newDraft} />
        </div>
      </div>
      <pre id={ELEMENT.detail} />
    </>
  );
}

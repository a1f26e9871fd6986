// One submission as the admin API answers it, and its replay button.
import { ELEMENT } from "../elements.ts";

/** The selected submission's JSON (filled by the client) and the button that replays it. */
export function SubmissionDetail() {
  return (
    <>
      <p>
        <button type="button" id={ELEMENT.replay} hidden>
          Replay this submission
        </button>
      </p>
      <pre id={ELEMENT.detail} />
    </>
  );
}

// The dashboard's header: the admin token, the list's filters and the bulk replay.
import { SubmissionStatus } from "../../store/submissions.ts";
import { ELEMENT } from "../elements.ts";

/** The title, token field, status and source filters, and the buttons acting on them. */
export function Toolbar() {
  return (
    <header>
      <h1>close-bridge</h1>
      <label>
        Admin token <input id={ELEMENT.token} type="password" autocomplete="off" />
      </label>
      <select id={ELEMENT.status}>
        <option value="">any status</option>
        {SubmissionStatus.options.map((status) => (
          <option>{status}</option>
        ))}
      </select>
      <input id={ELEMENT.source} placeholder="source" />
      <button type="button" id={ELEMENT.filter}>
        Show
      </button>
      <button type="button" id={ELEMENT.replayDead}>
        Replay dead
      </button>
    </header>
  );
}

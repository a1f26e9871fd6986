// The Submissions page: filters (status, source, time range, the person's email, an error
// code), live refresh, and the log's table page by page. The client fills it from
// GET /v1/admin/submissions.
import { SubmissionStatus } from "../../store/submissions.ts";
import { ELEMENT } from "../elements.ts";
import type { PageName } from "../pages.ts";
import { PageSection } from "./section.tsx";

const COLUMNS = ["Received", "Submission", "Source", "Status", "Attempts", "Last error"];

/** The Submissions page's markup. */
export function Submissions({ active }: { active: PageName }) {
  return (
    <PageSection page="submissions" active={active}>
      <form id={ELEMENT.filterForm} class="panel filters" aria-label="Filters">
        <div class="field">
          <label for={ELEMENT.filterStatus}>Status</label>
          <select id={ELEMENT.filterStatus} name="status">
            <option value="">any status</option>
            {SubmissionStatus.options.map((status) => (
              <option>{status}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={ELEMENT.filterSource}>Source</label>
          <select id={ELEMENT.filterSource} name="source">
            <option value="">any source</option>
          </select>
        </div>
        <div class="field wide">
          <label for={ELEMENT.filterEmail}>Person's email</label>
          <input
            id={ELEMENT.filterEmail}
            name="email"
            type="email"
            autocomplete="off"
            placeholder="exact address"
            aria-describedby="email-help"
          />
          <small id="email-help" class="muted">
            Matched exactly, through a keyed hash: the log keeps no address.
          </small>
        </div>
        <div class="field">
          <label for={ELEMENT.filterSince}>Received from</label>
          <input id={ELEMENT.filterSince} name="since" type="datetime-local" />
        </div>
        <div class="field">
          <label for={ELEMENT.filterUntil}>Received before</label>
          <input id={ELEMENT.filterUntil} name="until" type="datetime-local" />
        </div>
        <div class="field">
          <label for={ELEMENT.filterError}>Last error code</label>
          <input
            id={ELEMENT.filterError}
            name="error"
            autocomplete="off"
            placeholder="close_rejected"
          />
        </div>
        <div class="field actions">
          <button type="submit">Show</button>
          <button type="button" class="quiet" id={ELEMENT.filterClear}>
            Clear
          </button>
        </div>
      </form>
      <div class="toolbar">
        <label class="check">
          <input type="checkbox" id={ELEMENT.liveRefresh} /> Live refresh (every 5 s)
        </label>
        <p id={ELEMENT.listUpdated} class="muted" role="status" />
      </div>
      <div class="table-wrap panel flush">
        <table class="log">
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th scope="col">{column}</th>
              ))}
            </tr>
          </thead>
          <tbody id={ELEMENT.listRows} />
        </table>
      </div>
      <nav class="pager" aria-label="Pages">
        <button type="button" id={ELEMENT.pageNewer} disabled>
          ← Newer
        </button>
        <span id={ELEMENT.pageLabel} class="muted" />
        <button type="button" id={ELEMENT.pageOlder} disabled>
          Older →
        </button>
      </nav>
    </PageSection>
  );
}

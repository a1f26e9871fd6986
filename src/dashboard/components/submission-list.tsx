// The list of submissions: the table the client fills, page by page.
import { ELEMENT } from "../elements.ts";

const COLUMNS = ["id", "source", "status", "outcome", "attempts", "received", "last error"];

/** The submissions table (filled by the client) and its "More" button. */
export function SubmissionList() {
  return (
    <>
      <table>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody id={ELEMENT.rows} />
      </table>
      <p>
        <button type="button" id={ELEMENT.more} hidden>
          More
        </button>
      </p>
    </>
  );
}

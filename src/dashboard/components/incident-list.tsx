// The incidents: what needs a person (a refused key, a refused field, a broken configuration,
// dead submissions, a backlog, refused signatures), open ones first, each with its fix.
import { ELEMENT } from "../elements.ts";

/** The incidents section (filled by the client from GET /v1/admin/incidents). */
export function IncidentList() {
  return (
    <section aria-labelledby="incidentsTitle">
      <h2 id="incidentsTitle">Incidents</h2>
      <p id={ELEMENT.incidentsEmpty} hidden>
        No incident: nothing needs you.
      </p>
      <ul id={ELEMENT.incidents} />
    </section>
  );
}

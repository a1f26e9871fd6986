// The incidents section of the dashboard: open incidents, then the last resolved ones, each
// with what happened, how often since when, its first example (which opens that submission)
// and what to do, all written as text.
import { callAdminApi, type Incident, type IncidentPage } from "./api.ts";
import { buildParagraph, type Elements } from "./dom.ts";

/** Resolved incidents shown below the open ones. */
const RECENT_RESOLVED = "10";

/** One incident as a list item; `showSubmission` opens its first example. */
function buildIncident(incident: Incident, showSubmission: (id: string) => void): HTMLLIElement {
  const item = document.createElement("li");
  item.className = `incident ${incident.status}`;
  item.dataset.id = incident.id;
  const where = incident.source === null ? "" : ` (source ${incident.source})`;
  const state = incident.status === "open" ? "Open" : "Resolved";
  item.append(
    buildParagraph(`${incident.title}${where}`, `${state}:`),
    buildParagraph(incident.summary),
    buildParagraph(
      `${incident.count} time${incident.count === 1 ? "" : "s"}, from ${incident.first_seen} to ${incident.last_seen}`,
      "Seen",
    ),
  );
  if (incident.example_id) {
    const example = buildParagraph("", "First example:");
    const open = document.createElement("button");
    open.type = "button";
    open.textContent = incident.example_id;
    const id = incident.example_id;
    open.onclick = () => showSubmission(id);
    example.append(open);
    item.append(example);
  }
  item.append(
    incident.status === "open"
      ? buildParagraph(incident.fix, "Fix:")
      : buildParagraph(`${incident.resolved_at}: ${incident.resolution ?? ""}`, "Resolved"),
  );
  return item;
}

/** Loads the open incidents and the last resolved ones into the section. */
export async function loadIncidents(
  elements: Elements,
  showSubmission: (id: string) => void,
): Promise<void> {
  const [open, resolved] = await Promise.all([
    callAdminApi<IncidentPage>("/v1/admin/incidents?status=open&limit=50"),
    callAdminApi<IncidentPage>(`/v1/admin/incidents?status=resolved&limit=${RECENT_RESOLVED}`),
  ]);
  const incidents = [...open.data, ...resolved.data];
  elements.incidents.replaceChildren(
    ...incidents.map((incident) => buildIncident(incident, showSubmission)),
  );
  elements.incidentsEmpty.hidden = open.data.length > 0;
}

// The incidents section of the dashboard: open incidents, then the last resolved ones, each
// with what happened, how often since when, its first example (which opens that submission)
// and what to do, all written as text.
import { callAdminApi, type Incident, type IncidentPage } from "./api.ts";
import { buildParagraph, type Elements } from "./dom.ts";

/** Resolved incidents shown below the open ones. */
const RECENT_RESOLVED = "10";

/** A paragraph with a button that opens the incident's first example submission. */
function buildExample(id: string, showSubmission: (id: string) => void): HTMLParagraphElement {
  const example = buildParagraph("", "First example:");
  const open = document.createElement("button");
  open.type = "button";
  open.textContent = id;
  open.onclick = () => showSubmission(id);
  example.append(open);
  return example;
}

/**
 * One incident as a list item: an open one with what was seen, its first example and the fix;
 * a resolved one shorter, with how it was resolved. `showSubmission` opens the example.
 */
function buildIncident(incident: Incident, showSubmission: (id: string) => void): HTMLLIElement {
  const item = document.createElement("li");
  item.className = `incident ${incident.status}`;
  item.dataset.id = incident.id;
  const where = incident.source === null ? "" : ` (source ${incident.source})`;
  const seen = `${incident.count} time${incident.count === 1 ? "" : "s"}, from ${incident.first_seen} to ${incident.last_seen}`;
  if (incident.status === "resolved") {
    item.append(
      buildParagraph(`${incident.title}${where}; seen ${seen}`, "Resolved:"),
      buildParagraph(`${incident.resolved_at}: ${incident.resolution ?? ""}`),
    );
    return item;
  }
  item.append(
    buildParagraph(`${incident.title}${where}`, "Open:"),
    buildParagraph(incident.summary),
    buildParagraph(seen, "Seen"),
  );
  if (incident.example_id) item.append(buildExample(incident.example_id, showSubmission));
  item.append(buildParagraph(incident.fix, "Fix:"));
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

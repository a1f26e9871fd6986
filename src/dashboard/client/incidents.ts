// The incidents panel of the Overview: open incidents with what was seen, how often since when,
// the first example (a link to its submission) and the fix; then the last resolved ones, each
// in a line with how it ended. Everything is written as text.

import { submissionPath } from "../pages.ts";
import { callAdminApi, type Incident, type IncidentPage } from "./api.ts";
import { fill, h } from "./dom.ts";
import { plural, timeElement } from "./format.ts";

/** Resolved incidents shown below the open ones. */
const RECENT_RESOLVED = 3;

/** "Close refuses the API key" or "... (source website)". */
function titleOf(incident: Incident): string {
  return incident.source === null
    ? incident.title
    : `${incident.title} (source ${incident.source})`;
}

/** One open incident, in full. */
function openItem(incident: Incident): HTMLLIElement {
  const example = incident.example_id
    ? h(
        "p",
        {},
        "First example: ",
        h("a", { href: submissionPath(incident.example_id), "data-nav": "" }, incident.example_id),
      )
    : null;
  return h(
    "li",
    { class: "incident open", "data-id": incident.id },
    h("p", { class: "incident-title" }, titleOf(incident)),
    h("p", {}, incident.summary),
    h(
      "p",
      { class: "muted" },
      `Seen ${plural(incident.count, "time")} since `,
      timeElement(incident.first_seen),
      ", last ",
      timeElement(incident.last_seen),
    ),
    example,
    h("p", {}, h("strong", {}, "Fix: "), incident.fix),
  );
}

/** One resolved incident, in a line. */
function resolvedItem(incident: Incident): HTMLLIElement {
  return h(
    "li",
    { class: "incident resolved", "data-id": incident.id },
    h("p", { class: "incident-title" }, `Resolved: ${titleOf(incident)}`),
    h(
      "p",
      { class: "muted" },
      timeElement(incident.resolved_at),
      `: ${incident.resolution ?? "the cause stopped"} (seen ${plural(incident.count, "time")})`,
    ),
  );
}

/** Fills `target` with the open incidents, then the last resolved ones. */
export async function loadIncidents(target: HTMLElement): Promise<void> {
  const [open, resolved] = await Promise.all([
    callAdminApi<IncidentPage>("/v1/admin/incidents?status=open&limit=50"),
    callAdminApi<IncidentPage>(`/v1/admin/incidents?status=resolved&limit=${RECENT_RESOLVED}`),
  ]);
  fill(
    target,
    open.data.length === 0
      ? h("li", { class: "empty" }, "No open incident: nothing needs you.")
      : null,
    ...open.data.map(openItem),
    ...resolved.data.map(resolvedItem),
  );
}

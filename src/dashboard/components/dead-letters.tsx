// The Dead letters page: the dead submissions grouped by reason, each group with a link to its
// list and "Replay these N" (progress, then the result). The client fills it from
// GET /v1/admin/dead-letters and replays through the replay endpoint.
import { ELEMENT } from "../elements.ts";
import type { PageName } from "../pages.ts";
import { PageSection } from "./section.tsx";

/** The Dead letters page's markup. */
export function DeadLetters({ active }: { active: PageName }) {
  return (
    <PageSection page="deadLetters" active={active}>
      <p id={ELEMENT.deadTotal} class="muted" />
      <section id={ELEMENT.deadReport} class="panel replay-report" aria-label="Replay" hidden />
      <div id={ELEMENT.deadGroups} class="groups" />
    </PageSection>
  );
}

// The Dead letters page: the dead submissions grouped by reason, each with "Replay these N":
// the group's submissions replayed one by one with a progress bar, then the result, and then
// what became of them (delivered, on the way, dead again) as the queue delivers them.
import {
  callAdminApi,
  type DeadLetters,
  type SubmissionPage,
  type SubmissionSummary,
} from "../api.ts";
import { type Console, type Page, runLoad } from "../context.ts";
import { fill, h } from "../dom.ts";
import { formatCount, plural, timeElement } from "../format.ts";

/** Replays running at once. */
const CONCURRENCY = 4;
/** How many replayed submissions the page follows afterwards, how often and how long. */
const FOLLOW = { at_most: 50, every_ms: 2_000, for_ms: 60_000 };

/** The ids of the dead submissions of one reason (`unknown`: those without an error code). */
async function collectIds(code: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ status: "dead", limit: "200" });
    if (code !== "unknown") query.set("error", code);
    if (cursor) query.set("cursor", cursor);
    const page: SubmissionPage = await callAdminApi<SubmissionPage>(
      `/v1/admin/submissions?${query}`,
    );
    ids.push(
      // The list's error filter also finds earlier attempts' errors: the group is the last one.
      ...page.data.filter((s) => (s.last_error?.code ?? "unknown") === code).map((s) => s.id),
    );
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

/** The Dead letters page. */
export function createDeadLettersPage(app: Console): Page {
  const e = app.elements;
  let following: number | undefined;

  /** Replays every dead submission of one reason, one by one, into the report above the groups. */
  const replayGroup = async (code: string, count: number) => {
    if (!confirm(`Replay the ${plural(count, "dead submission")} that failed with ${code}?`)) {
      return;
    }
    clearTimeout(following);
    const buttons = [...e.deadGroups.querySelectorAll("button")];
    for (const button of buttons) button.disabled = true;
    const progress = h("progress", { max: count, value: 0, "aria-label": `Replaying ${code}` });
    const said = h("p", { class: "replay-progress", role: "status" }, "Finding them…");
    e.deadReport.hidden = false;
    fill(e.deadReport, h("h2", {}, "Replaying ", h("code", {}, code)), progress, said);
    await runLoad(app, async () => {
      const ids = await collectIds(code);
      progress.max = Math.max(1, ids.length);
      const replayed: string[] = [];
      const refused: string[] = [];
      const waiting = [...ids];
      const worker = async () => {
        for (let id = waiting.shift(); id; id = waiting.shift()) {
          try {
            await callAdminApi(`/v1/admin/submissions/${encodeURIComponent(id)}/replay`, {
              method: "POST",
            });
            replayed.push(id);
          } catch (problem) {
            refused.push(`${id}: ${problem instanceof Error ? problem.message : String(problem)}`);
          }
          progress.value = replayed.length + refused.length;
          said.textContent = `${formatCount(progress.value)} of ${formatCount(ids.length)} replayed`;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      said.textContent = `Replayed ${formatCount(replayed.length)} of ${formatCount(ids.length)}: queued for delivery.${refused.length > 0 ? ` ${plural(refused.length, "was", "were")} refused:` : ""}`;
      if (refused.length > 0) {
        e.deadReport.append(
          h(
            "ul",
            { class: "refused" },
            refused.map((line) => h("li", {}, line)),
          ),
        );
      }
      follow(replayed.slice(0, FOLLOW.at_most));
      await load();
    });
  };

  /** Follows what became of replayed submissions for a while, in the report. */
  const follow = (ids: string[]) => {
    if (ids.length === 0) return;
    const line = h("p", { class: "follow", role: "status" }, "Following them…");
    e.deadReport.append(line);
    const until = Date.now() + FOLLOW.for_ms;
    const check = async () => {
      const rows = await Promise.all(
        ids.map((id) =>
          callAdminApi<SubmissionSummary>(`/v1/admin/submissions/${encodeURIComponent(id)}`).catch(
            () => undefined,
          ),
        ),
      );
      const count = (test: (s: SubmissionSummary) => boolean) =>
        rows.filter((s) => s && test(s)).length;
      const delivered = count((s) => s.status === "delivered" || s.status === "skipped");
      const dead = count((s) => s.status === "dead");
      const moving = ids.length - delivered - dead;
      line.textContent = `Result${ids.length < FOLLOW.at_most ? "" : ` (the first ${ids.length})`}: ${formatCount(delivered)} delivered, ${formatCount(moving)} on the way, ${formatCount(dead)} dead again.`;
      if (moving > 0 && Date.now() < until) {
        following = setTimeout(() => void check(), FOLLOW.every_ms);
      } else {
        // What came back dead is in the groups again.
        void load();
      }
    };
    void check();
  };

  const load = async () => {
    const visit = app.visit();
    await runLoad(app, async () => {
      const answer = await callAdminApi<DeadLetters>("/v1/admin/dead-letters");
      if (visit !== app.visit()) return;
      e.deadTotal.textContent =
        answer.total === 0
          ? "No dead letters: every submission reached Close or is on its way."
          : `${plural(answer.total, "dead submission")} in ${plural(answer.groups.length, "group")}. A dead submission stays until it is replayed or erased.`;
      fill(
        e.deadGroups,
        answer.groups.map((group) => {
          const button = h(
            "button",
            { type: "button" },
            `Replay these ${formatCount(group.count)}`,
          );
          button.onclick = () => void replayGroup(group.code, group.count);
          const list = new URLSearchParams({ status: "dead" });
          if (group.code !== "unknown") list.set("error", group.code);
          return h(
            "article",
            {
              class: "panel group",
              "data-code": group.code,
              "aria-labelledby": `group-${group.code}`,
            },
            h(
              "header",
              {},
              h("h2", { id: `group-${group.code}` }, h("code", {}, group.code)),
              h("span", { class: "group-count" }, plural(group.count, "submission")),
            ),
            group.example ? h("p", { class: "reason-example" }, group.example) : null,
            h(
              "p",
              { class: "muted" },
              "From ",
              Object.entries(group.by_source)
                .map(([source, n]) => `${source} (${formatCount(n)})`)
                .join(", "),
              "; received ",
              timeElement(group.oldest),
              " to ",
              timeElement(group.newest),
              ".",
            ),
            h(
              "p",
              { class: "row" },
              button,
              h("a", { href: `/admin/submissions?${list}`, "data-nav": "" }, "See them"),
            ),
          );
        }),
      );
    });
  };

  return {
    async open() {
      e.deadReport.hidden = true;
      fill(e.deadReport);
      await load();
    },
    close() {
      clearTimeout(following);
    },
  };
}

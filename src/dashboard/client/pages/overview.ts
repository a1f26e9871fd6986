// The Overview page: the incidents (GET /v1/admin/incidents), then counts, the outcome and delay
// charts, failure reasons and sources for the last 24 hours or 7 days, from GET /v1/admin/stats.
import { callAdminApi, OUTCOME_KINDS, type Stats } from "../api.ts";
import { drawDelayBars, drawStackedBars } from "../chart.ts";
import { type Console, type Page, runLoad } from "../context.ts";
import { fill, h } from "../dom.ts";
import { formatCount, OUTCOME_LABELS, plural, timeElement } from "../format.ts";
import { loadIncidents } from "../incidents.ts";

/** A link to the submission list with these filters. */
function listLink(filters: Record<string, string>): string {
  return `/admin/submissions?${new URLSearchParams(filters)}`;
}

function sumOf(record: Record<string, number>, keys: string[]): number {
  return keys.reduce((sum, key) => sum + (record[key] ?? 0), 0);
}

/** What became of the submissions a failure reason hit: " (1 dead, 2 delivered after all)". */
function describeOutcomes(reason: { dead: number; recovered: number }): string {
  const parts = [
    reason.dead > 0 ? `${formatCount(reason.dead)} dead` : "",
    reason.recovered > 0 ? `${formatCount(reason.recovered)} delivered after all` : "",
  ].filter((part) => part !== "");
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** The Overview page. */
export function createOverviewPage(app: Console): Page {
  const e = app.elements;
  let shown: Stats | undefined;

  const drawCharts = (stats: Stats) => {
    const withDay = stats.window !== "24h";
    const width = (target: HTMLElement) => target.clientWidth || 640;
    fill(
      e.outcomeChart,
      drawStackedBars(
        `Submissions per ${withDay ? "6 hours" : "hour"} by outcome`,
        stats.outcome_buckets,
        OUTCOME_KINDS.map((key) => ({ key, label: OUTCOME_LABELS[key] ?? key })),
        withDay,
        width(e.outcomeChart),
      ),
    );
    fill(
      e.delayChart,
      drawDelayBars(
        `Delivery delay per ${withDay ? "6 hours" : "hour"}`,
        stats.delay_buckets,
        withDay,
        width(e.delayChart),
      ),
    );
  };

  const render = (stats: Stats) => {
    const since = { since: stats.from };
    const received = Object.values(stats.by_status).reduce((a, b) => a + b, 0);
    const o = stats.outcomes;
    const cards: { label: string; value: number; tone: string; href?: string; hint: string }[] = [
      {
        label: "Received",
        value: received,
        tone: "neutral",
        href: listLink(since),
        hint: "recorded submissions",
      },
      {
        label: "Delivered",
        value: o.created + o.updated,
        tone: "good",
        href: listLink({ ...since, status: "delivered" }),
        hint: `${formatCount(o.created)} created, ${formatCount(o.updated)} updated`,
      },
      {
        label: "Skipped",
        value: o.skipped,
        tone: "neutral",
        href: listLink({ ...since, status: "skipped" }),
        hint: "duplicates left alone",
      },
      {
        label: "In progress",
        value: o.in_progress,
        tone: "info",
        hint: "queued, delivering or retrying",
      },
      {
        label: "Dead",
        value: o.dead,
        tone: "bad",
        href: listLink({ ...since, status: "dead" }),
        hint: "need a replay",
      },
      {
        label: "Not recorded",
        value: o.ignored + o.spam + o.refused,
        tone: "muted",
        hint: `${formatCount(o.refused)} refused, ${formatCount(o.ignored)} ignored, ${formatCount(o.spam)} spam`,
      },
    ];
    fill(
      e.overviewCards,
      cards.map((card) => {
        const body = [
          h("span", { class: "card-label" }, card.label),
          h(
            "span",
            { class: "card-value", "data-count": card.label.toLowerCase() },
            formatCount(card.value),
          ),
          h("span", { class: "card-hint" }, card.hint),
        ];
        return h(
          "li",
          { class: `card tone-${card.tone}` },
          card.href ? h("a", { href: card.href, "data-nav": "" }, body) : h("div", {}, body),
        );
      }),
    );
    fill(e.overviewRange, "From ", timeElement(stats.from), " to ", timeElement(stats.to));
    drawCharts(stats);

    fill(
      e.overviewReasons,
      stats.failure_reasons.length === 0
        ? h("li", { class: "empty" }, "No failures in this period.")
        : stats.failure_reasons.map((reason) =>
            h(
              "li",
              {},
              h(
                "a",
                {
                  href: listLink({ error: reason.code, since: stats.from }),
                  "data-nav": "",
                  class: "reason-code",
                },
                reason.code,
              ),
              h(
                "span",
                { class: "reason-count" },
                plural(reason.count, "submission"),
                describeOutcomes(reason),
              ),
              reason.example ? h("span", { class: "reason-example" }, reason.example) : null,
            ),
          ),
    );

    fill(
      e.overviewSources,
      stats.by_source.length === 0
        ? h("tr", {}, h("td", { colspan: 6, class: "empty" }, "Nothing received in this period."))
        : stats.by_source.map((source) =>
            h(
              "tr",
              {},
              h(
                "th",
                { scope: "row" },
                h(
                  "a",
                  { href: listLink({ source: source.source, since: stats.from }), "data-nav": "" },
                  source.source,
                ),
              ),
              h("td", { class: "num" }, formatCount(source.total)),
              h(
                "td",
                { class: "num" },
                formatCount(sumOf(source.by_status, ["delivered", "skipped"])),
              ),
              h(
                "td",
                { class: "num" },
                formatCount(sumOf(source.by_status, ["queued", "delivering", "retrying"])),
              ),
              h("td", { class: "num" }, formatCount(source.by_status.dead ?? 0)),
              h("td", { class: "num" }, formatCount(source.unrecorded)),
            ),
          ),
    );

    fill(
      e.overviewUnrecorded,
      stats.unrecorded.length === 0
        ? h(
            "tr",
            {},
            h("td", { colspan: 4, class: "empty" }, "Every post in this period was recorded."),
          )
        : stats.unrecorded.map((post) =>
            h(
              "tr",
              {},
              h("td", {}, post.source),
              h("td", {}, h("code", {}, post.outcome)),
              h("td", { class: "num" }, String(post.status)),
              h("td", { class: "num" }, formatCount(post.count)),
            ),
          ),
    );
  };

  const load = async (window: string) => {
    const visit = app.visit();
    await runLoad(app, async () => {
      const [stats] = await Promise.all([
        callAdminApi<Stats>(`/v1/admin/stats?window=${window}`),
        loadIncidents(e.overviewIncidents),
      ]);
      if (visit !== app.visit()) return;
      shown = stats;
      render(stats);
    });
  };

  const choose = (window: string) =>
    app.navigate(window === "24h" ? "/admin" : `/admin?window=${window}`, { replace: true });
  e.window24h.onchange = () => choose("24h");
  e.window7d.onchange = () => choose("7d");
  let resizing: number | undefined;
  addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      if (shown && !e.outcomeChart.closest("section")?.hidden) drawCharts(shown);
    }, 150);
  });

  return {
    async open(url) {
      const window = url.searchParams.get("window") === "7d" ? "7d" : "24h";
      (window === "7d" ? e.window7d : e.window24h).checked = true;
      await load(window);
    },
  };
}

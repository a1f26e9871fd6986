// The overview's charts as inline SVG, drawn from the admin API's buckets: one bar per bucket
// (stacked by outcome, or the delay's p95 with its p50 inside), a title on each bar, a legend,
// and the same numbers as a table for screen readers and for reading exact values.
import { type Content, h, svg } from "./dom.ts";
import { formatBucket, formatCount, formatDuration } from "./format.ts";

const HEIGHT = 220;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 56 };
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/** A chart's width in pixels and its plot's: it is drawn at the size it is shown, so its text stays legible. */
type Layout = { width: number; plotW: number };

function layoutFor(width: number): Layout {
  const whole = Math.max(280, Math.round(width));
  return { width: whole, plotW: whole - MARGIN.left - MARGIN.right };
}

/** One series of a stacked chart: its key in each bucket, its label and its CSS class. */
export type Series = { key: string; label: string };

/** A bucket as the charts read it. */
type Bucket = { start: string } & Record<string, unknown>;

/**
 * A round maximum for the y axis at or above `max`: 2, 4, 6, 8 or 10 times a power of ten (at
 * least 2), so that its half, the middle tick, is round too.
 */
function niceMax(max: number): number {
  if (max <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(max));
  return [2, 4, 6, 8, 10].map((m) => m * power).find((m) => m >= max) ?? 10 * power;
}

/** Every how many buckets the x axis names one, so that about 6-8 names fit. */
function labelEvery(layout: Layout, count: number): number {
  const fit = Math.max(2, Math.floor(layout.plotW / 70));
  return Math.max(1, Math.ceil(count / fit));
}

function axes(
  layout: Layout,
  yMax: number,
  formatY: (n: number) => string,
  buckets: Bucket[],
  withDay: boolean,
) {
  const ticks = [0, yMax / 2, yMax];
  const every = labelEvery(layout, buckets.length);
  const slot = layout.plotW / Math.max(1, buckets.length);
  return [
    ...ticks.map((tick) => {
      const y = MARGIN.top + PLOT_H - (tick / yMax) * PLOT_H;
      return svg(
        "g",
        { class: "tick" },
        svg("line", { x1: MARGIN.left, x2: layout.width - MARGIN.right, y1: y, y2: y }),
        svg("text", { x: MARGIN.left - 6, y: y + 4, "text-anchor": "end" }, formatY(tick)),
      );
    }),
    ...buckets.flatMap((bucket, i) =>
      i % every === 0
        ? [
            svg(
              "text",
              {
                class: "x-label",
                x: MARGIN.left + i * slot + slot / 2,
                y: HEIGHT - 8,
                "text-anchor": "middle",
              },
              formatBucket(bucket.start, withDay),
            ),
          ]
        : [],
    ),
  ];
}

/**
 * One bucket's bar (`g.bar`): its segments, its tooltip, and an invisible full-height target so
 * that an empty bucket has a tooltip too.
 */
function bar(
  index: number,
  slot: number,
  data: Record<string, string | number>,
  parts: SVGElement[],
  title: string,
): SVGElement {
  return svg(
    "g",
    { class: "bar", ...data },
    svg("rect", {
      class: "hit",
      x: MARGIN.left + index * slot,
      y: MARGIN.top,
      width: slot,
      height: PLOT_H,
    }),
    ...parts,
    svg("title", {}, title),
  );
}

function frame(layout: Layout, label: string, description: string, content: Content[]): SVGElement {
  const id = `chart-${Math.random().toString(36).slice(2)}`;
  return svg(
    "svg",
    {
      viewBox: `0 0 ${layout.width} ${HEIGHT}`,
      role: "img",
      "aria-labelledby": `${id}-title ${id}-desc`,
      width: layout.width,
      height: HEIGHT,
    },
    svg("title", { id: `${id}-title` }, label),
    svg("desc", { id: `${id}-desc` }, description),
    ...content,
  );
}

function legend(items: { className: string; label: string; value: string }[]): HTMLElement {
  return h(
    "ul",
    { class: "legend" },
    items.map((item) =>
      h(
        "li",
        {},
        h("span", { class: `swatch ${item.className}`, "aria-hidden": "true" }),
        `${item.label} `,
        h("strong", {}, item.value),
      ),
    ),
  );
}

function numbersTable(headers: string[], rows: Content[][]): HTMLElement {
  return h(
    "details",
    { class: "numbers" },
    h("summary", {}, "Show the numbers"),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        {},
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            headers.map((header) => h("th", { scope: "col" }, header)),
          ),
        ),
        h(
          "tbody",
          {},
          rows.map((cells) =>
            h(
              "tr",
              {},
              cells.map((cell) => h("td", {}, cell)),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * A stacked bar chart: one bar (`g.bar`) per bucket, a segment per series with a count.
 * `withDay` names buckets with their weekday (windows longer than a day).
 */
export function drawStackedBars(
  title: string,
  buckets: Bucket[],
  series: readonly Series[],
  withDay: boolean,
  width: number,
): HTMLElement {
  const layout = layoutFor(width);
  const totals = buckets.map((bucket) =>
    series.reduce((sum, s) => sum + Number(bucket[s.key] ?? 0), 0),
  );
  const yMax = niceMax(Math.max(0, ...totals));
  const slot = layout.plotW / Math.max(1, buckets.length);
  const barWidth = Math.max(1, slot * 0.72);
  const bars = buckets.map((bucket, i) => {
    let top = MARGIN.top + PLOT_H;
    const x = MARGIN.left + i * slot + (slot - barWidth) / 2;
    const parts = series.flatMap((s) => {
      const n = Number(bucket[s.key] ?? 0);
      if (n === 0) return [];
      const height = (n / yMax) * PLOT_H;
      top -= height;
      return [svg("rect", { class: `kind-${s.key}`, x, y: top, width: barWidth, height })];
    });
    const said = series
      .filter((s) => Number(bucket[s.key] ?? 0) > 0)
      .map((s) => `${formatCount(Number(bucket[s.key]))} ${s.label.toLowerCase()}`);
    const text = `${formatBucket(bucket.start, withDay)}: ${said.length > 0 ? said.join(", ") : "nothing"}`;
    return bar(i, slot, { "data-start": bucket.start, "data-total": totals[i] ?? 0 }, parts, text);
  });
  const sums = series.map((s) =>
    buckets.reduce((sum, bucket) => sum + Number(bucket[s.key] ?? 0), 0),
  );
  const description = series.map((s, i) => `${s.label}: ${formatCount(sums[i] ?? 0)}`).join(", ");
  return h(
    "div",
    {},
    frame(layout, title, description, [
      ...axes(layout, yMax, (n) => formatCount(Math.round(n)), buckets, withDay),
      ...bars,
    ]),
    legend(
      series.map((s, i) => ({
        className: `kind-${s.key}`,
        label: s.label,
        value: formatCount(sums[i] ?? 0),
      })),
    ),
    numbersTable(
      ["Bucket", ...series.map((s) => s.label)],
      buckets.map((bucket) => [
        formatBucket(bucket.start, withDay),
        ...series.map((s) => formatCount(Number(bucket[s.key] ?? 0))),
      ]),
    ),
  );
}

/** A delay bucket as the delay chart reads it. */
export type DelayBucket = {
  start: string;
  delivered: number;
  p50_ms: number | null;
  p95_ms: number | null;
};

/** The delay chart: per bucket, a bar to the p95 with the p50 drawn inside it. */
export function drawDelayBars(
  title: string,
  buckets: DelayBucket[],
  withDay: boolean,
  width: number,
): HTMLElement {
  const layout = layoutFor(width);
  const yMax = niceMax(Math.max(0, ...buckets.map((b) => b.p95_ms ?? 0)) / 100) * 100;
  const slot = layout.plotW / Math.max(1, buckets.length);
  const outer = Math.max(1, slot * 0.72);
  const inner = Math.max(1, outer * 0.5);
  const y = (ms: number) => MARGIN.top + PLOT_H - (ms / yMax) * PLOT_H;
  const bars = buckets.map((bucket, i) => {
    const x = MARGIN.left + i * slot + (slot - outer) / 2;
    const parts =
      bucket.p95_ms === null || bucket.p50_ms === null
        ? []
        : [
            svg("rect", {
              class: "delay-p95",
              x,
              y: y(bucket.p95_ms),
              width: outer,
              height: (bucket.p95_ms / yMax) * PLOT_H,
            }),
            svg("rect", {
              class: "delay-p50",
              x: x + (outer - inner) / 2,
              y: y(bucket.p50_ms),
              width: inner,
              height: (bucket.p50_ms / yMax) * PLOT_H,
            }),
          ];
    const text =
      bucket.delivered === 0
        ? `${formatBucket(bucket.start, withDay)}: nothing delivered`
        : `${formatBucket(bucket.start, withDay)}: ${formatCount(bucket.delivered)} delivered, p50 ${formatDuration(bucket.p50_ms ?? 0)}, p95 ${formatDuration(bucket.p95_ms ?? 0)}`;
    return bar(
      i,
      slot,
      { "data-start": bucket.start, "data-delivered": bucket.delivered },
      parts,
      text,
    );
  });
  const delivered = buckets.reduce((sum, b) => sum + b.delivered, 0);
  const worst = Math.max(0, ...buckets.map((b) => b.p95_ms ?? 0));
  return h(
    "div",
    {},
    frame(
      layout,
      title,
      delivered === 0
        ? "Nothing was delivered in this period."
        : `${formatCount(delivered)} delivered; the highest hourly p95 was ${formatDuration(worst)}.`,
      [
        ...axes(layout, yMax, (n) => (n === 0 ? "0" : formatDuration(n)), buckets, withDay),
        ...bars,
      ],
    ),
    legend([
      { className: "delay-p50", label: "Median (p50)", value: "" },
      { className: "delay-p95", label: "95th percentile (p95)", value: "" },
    ]),
    numbersTable(
      ["Bucket", "Delivered", "p50", "p95"],
      buckets.map((b) => [
        formatBucket(b.start, withDay),
        formatCount(b.delivered),
        b.p50_ms === null ? "—" : formatDuration(b.p50_ms),
        b.p95_ms === null ? "—" : formatDuration(b.p95_ms),
      ]),
    ),
  );
}

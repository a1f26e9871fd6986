// Views more than one page shows: the answers a preset read and a contact draft.
import type { Draft, ReceivedAnswer } from "./api.ts";
import { type Content, h } from "./dom.ts";

/** An answer's value as text. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function definitionList(entries: [string, Content][]): HTMLElement {
  return h(
    "dl",
    { class: "pairs" },
    entries.flatMap(([term, detail]) => [h("dt", {}, term), h("dd", {}, detail)]),
  );
}

/** The answers the preset read, as a table; a sentence when the log no longer keeps them. */
export function renderAnswers(
  received: { answers: ReceivedAnswer[]; truncated: boolean } | null,
): Content {
  if (!received) {
    return h(
      "p",
      { class: "empty" },
      "Not kept: removed with the draft, or received before the log kept answers.",
    );
  }
  const rows = received.answers.map((answer: ReceivedAnswer) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, answer.label),
      h("td", { class: "value" }, describeValue(answer.value)),
    ),
  );
  return [
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "answers" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Question or field"),
            h("th", { scope: "col" }, "Answer"),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
    received.truncated ? h("p", { class: "muted" }, "Long answers were cut to fit the log.") : null,
  ];
}

/** A contact draft as people read it, and as JSON. */
export function renderDraft(draft: Draft | null): Content {
  if (!draft) {
    return h(
      "p",
      { class: "empty" },
      "Removed (by the retention policy or an erasure). The submission can still be found by the person's email, through its keyed hash.",
    );
  }
  const list = (items: string[]) =>
    items.length === 0
      ? "—"
      : h(
          "ul",
          { class: "plain" },
          items.map((item) => h("li", {}, item)),
        );
  const custom = Object.entries(draft.custom ?? {});
  return [
    definitionList([
      ["Name", draft.name ?? "—"],
      ["Title", draft.title ?? "—"],
      ["Emails", list(draft.emails.map((e) => `${e.email} (${e.type})`))],
      ["Phones", list(draft.phones.map((p) => `${p.phone} (${p.type})`))],
      ["Websites", list(draft.urls.map((u) => u.url))],
      ["Company (lead)", draft.lead?.name ?? "—"],
      [
        "Custom fields",
        custom.length === 0 ? "—" : list(custom.map(([k, v]) => `${k}: ${describeValue(v)}`)),
      ],
      ["Note", draft.note ? h("div", { class: "note" }, draft.note) : "—"],
    ]),
    h(
      "details",
      {},
      h("summary", {}, "The draft as JSON"),
      h("pre", {}, JSON.stringify(draft, null, 2)),
    ),
  ];
}

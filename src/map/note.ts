// The note added to the lead: the person's message, then every answer that did not become a
// contact field, then where they came from (UTM parameters, the page). Empty means no note.
import type { Answer } from "../extract/types.ts";
import type { Value } from "../parse/body.ts";

/** The parts of a note, in the order they are written. */
export type NoteParts = {
  messages: string[];
  presetLines: string[];
  others: Answer[];
  extraLines: string[];
  tracking: [string, string][];
  pageUrl: string | undefined;
};

/** Writes an answer's value as note text: lists joined, yes/no for booleans. */
export function formatValue(value: Value): string {
  if (value === null) return "";
  // Most answers have no carriage return: no replace for them.
  if (typeof value === "string") {
    return (value.includes("\r") ? value.replace(/\r\n?/g, "\n") : value).trim();
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value))
    return value
      .map(formatValue)
      .filter((v) => v !== "")
      .join(", ");
  return JSON.stringify(value);
}

/**
 * One answer as a note line: `Label: value`, or `Question? value` when the label is a question;
 * the lines of a multi-line value are indented under it.
 */
export function formatAnswerLine(label: string, value: Value): string {
  const formatted = formatValue(value);
  const text = formatted.includes("\n") ? formatted.replace(/\r?\n/g, "\n  ") : formatted;
  return /[?:]$/.test(label.trim()) ? `${label.trim()} ${text}` : `${label}: ${text}`;
}

/** Builds the note text, or undefined when there is nothing to say. */
export function buildNote(parts: NoteParts): string | undefined {
  const sections = [
    parts.presetLines,
    parts.messages.filter((m) => m !== ""),
    [...parts.others.map((a) => formatAnswerLine(a.label, a.value)), ...parts.extraLines],
    [
      ...parts.tracking.map(([name, value]) => `${name}: ${value}`),
      ...(parts.pageUrl ? [`Page: ${parts.pageUrl}`] : []),
    ],
  ]
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join("\n"));
  return sections.length > 0 ? sections.join("\n\n") : undefined;
}

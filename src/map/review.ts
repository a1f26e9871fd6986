// What the preview (and a replay's dry run) says about a mapping besides the draft: every
// `fields` path that matched nothing in the submission, and every value that was dropped or
// moved into the note, each with the reason. Mapping mistakes show here before they cost a
// lead; nothing of this runs when a submission is ingested.
import { resolvePath } from "../extract/path.ts";
import type { Extraction } from "../extract/types.ts";

/** What a finding is about. */
export type FindingKind =
  | "unmatched_path" // a `fields` path that reads nothing in this submission
  | "empty_path" // a `fields` path whose value is empty in this submission
  | "to_note" // an answer that went into the note instead of a contact field
  | "dropped" // a value that is sent nowhere
  | "unknown_custom_field" // a custom field id Close does not have (or has for the other object)
  | "custom_field_value" // a value Close's custom field will not take as it is
  | "unchecked"; // a check that could not be made (Close did not answer)

/** One thing the mapping did that its author may not have meant, and why. */
export type MappingFinding = { kind: FindingKind; field: string; problem: string };

/**
 * Every `fields` path that reads nothing (or only an empty value) in this submission, named as
 * the configuration names it (`fields.phone`). A later path of a list is checked too: it is the
 * fallback a submission without the earlier one will need.
 *
 * @example
 * reviewFieldPaths(extraction, { phone: ["pgae"] })
 * // => [{ kind: "unmatched_path", field: "fields.phone", problem: '"pgae" matches no answer ...' }]
 */
export function reviewFieldPaths(
  extraction: Extraction,
  fields: Record<string, readonly string[]>,
): MappingFinding[] {
  const findings: MappingFinding[] = [];
  for (const [target, paths] of Object.entries(fields)) {
    for (const path of paths) {
      const { value } = resolvePath(extraction, path);
      if (value === undefined) {
        findings.push({
          kind: "unmatched_path",
          field: `fields.${target}`,
          problem: `"${path}" matches no answer and nothing in the payload of this submission`,
        });
      } else if (isBlank(value)) {
        findings.push({
          kind: "empty_path",
          field: `fields.${target}`,
          problem: `"${path}" is empty in this submission`,
        });
      }
    }
  }
  return findings;
}

function isBlank(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.every(isBlank);
  return false;
}

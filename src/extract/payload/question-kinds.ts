// The contact field a free-text question asks for, read from its wording with the recognised names.
import { memoize } from "../../memo.ts";
import { normalizeName, RECOGNISED_NAMES, type Target } from "../names.ts";
import type { AnswerKind } from "../types.ts";

// The recognised names of the contact fields an answer kind can say (`note` is not a kind).
const KIND_BY_NAME: ReadonlyMap<string, AnswerKind> = new Map(
  (Object.entries(RECOGNISED_NAMES) as [Target, readonly string[]][])
    .filter(([target]) => target !== "note")
    .flatMap(([target, names]) => names.map((name) => [name, target as AnswerKind] as const)),
);

// Question phrasing around a field's name: "What is your first name?", "Please enter your email".
const QUESTION_LEAD =
  /^(?:(?:what(?:'|’)?s|what is|please (?:enter|give|share|provide)|enter|provide|share)\s+)?(?:your\s+)?/i;

/**
 * The contact field a free-text question asks for, read from its wording.
 *
 * @example
 * kindFromQuestion("What is your first name?") // => "first_name"
 * kindFromQuestion("Your e-mail") // => "email"
 * kindFromQuestion("Tell us about your project") // => undefined
 */
export const kindFromQuestion: (question: string) => AnswerKind | undefined = memoize(
  (question) => {
    const core = question
      .trim()
      .replace(/[\s?:*!.]+$/u, "")
      .replace(QUESTION_LEAD, "");
    return KIND_BY_NAME.get(normalizeName(core));
  },
  // A form asks the same questions every time: the answers are remembered.
  { entries: 5000, keyLength: 200 },
);

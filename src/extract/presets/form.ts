// The `form` preset: an HTML form's flat fields (or a flat JSON object), each field an answer.
import { BridgeError } from "../../errors.ts";
import { emptyFields, type Fields, type Value } from "../../parse/body.ts";
import type { Answer, Preset } from "../types.ts";

/** Flat fields: every top-level name is an answer, labelled by its name. */
export const formPreset: Preset = {
  name: "form",
  contactHint: "a field named email (or e-mail, email_address) or phone (or tel, mobile)",
  extract(payload) {
    const { body } = payload;
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new BridgeError("unmappable", "The body is not a set of form fields.", {
        details: [
          { field: "body", problem: "expected named fields, got a list or a single value" },
        ],
      });
    }
    // One pass over the fields (they have no prototype, so `in` sees only their own keys).
    const answers: Answer[] = [];
    const document: Fields = emptyFields();
    for (const key in body) {
      const value = body[key] as Value;
      answers.push({ key, label: key, value });
      document[key] = value;
    }
    document.query = payload.query;
    return { answers, document };
  },
};

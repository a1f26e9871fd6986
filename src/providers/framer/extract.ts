// The `framer` preset: a Framer form's webhook. The body is flat JSON, the inputs' names as keys
// (read like the `form` preset), and each submission's id is the `Framer-Webhook-Submission-Id`
// header (https://www.framer.com/help/articles/framer-form-webhook-setup/).

import { formPreset } from "../../extract/presets/form.ts";
import type { Preset } from "../../extract/types.ts";

const SUBMISSION_ID_HEADER = "framer-webhook-submission-id";

/** Framer form webhooks: flat inputs by name; the submission id header is the event id. */
export const framerPreset: Preset = {
  name: "framer",
  headers: [SUBMISSION_ID_HEADER],
  contactHint: "an input named email (or e-mail, email_address) or phone (or tel, mobile)",
  extract(payload, context) {
    const extraction = formPreset.extract(payload, context);
    const submissionId = context.headers.get(SUBMISSION_ID_HEADER)?.trim();
    return submissionId ? { ...extraction, eventId: submissionId } : extraction;
  },
};

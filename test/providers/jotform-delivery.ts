// Jotform's multipart POST of the fixture, for the conformance table and Jotform's own tests.
import submission from "../fixtures/jotform/submission.fields.json";
import { copyOf, multipartDelivery } from "../helpers/pipeline.ts";

/** Jotform's multipart POST of the fixture, `rawRequest` as the JSON text Jotform sends. */
export function jotformDelivery(change: (rawRequest: Record<string, unknown>) => void = () => {}) {
  const { rawRequest, ...fields } = copyOf(submission);
  change(rawRequest as Record<string, unknown>);
  return multipartDelivery({ ...fields, rawRequest: JSON.stringify(rawRequest) });
}

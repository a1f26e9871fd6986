// Framer forms: `Framer-Signature: sha256=<hex>` and `Framer-Webhook-Submission-Id: <uuid>`.
// https://www.framer.com/help/articles/framer-form-webhook-setup/ says only "a SHA-256 hash of
// the form data and submission ID, signed with your secret" (what is signed was "unconfirmed"
// in providers.md). We read it as hex HMAC-SHA256(secret, raw body followed directly by the
// submission id): the only order consistent with that sentence and with every independent
// receiver we found (each computes hmac.update(body).update(submissionId)). Framer sends no
// timestamp, so replays are stopped by deduplicating on the submission id, not here.
import { concatBytes, decodeHex } from "../../authenticate/bytes.ts";
import { importHmacKey, verifyHmac } from "../../authenticate/hmac.ts";
import { ACCEPTED, type AuthCheck, refuse, type SchemeInput } from "../../authenticate/types.ts";

const SIGNATURE_HEADER = "Framer-Signature";
const SUBMISSION_HEADER = "Framer-Webhook-Submission-Id";
const PREFIX = "sha256=";

/** Checks a Framer form delivery's signature. */
export async function verifyFramerSignature(input: SchemeInput): Promise<AuthCheck> {
  const { request, secret } = input;
  const header = request.headers.get(SIGNATURE_HEADER)?.trim();
  if (!header) return refuse(`${SIGNATURE_HEADER} header missing`);
  const submissionId = request.headers.get(SUBMISSION_HEADER)?.trim();
  if (!submissionId) return refuse(`${SUBMISSION_HEADER} header missing`);
  if (!header.startsWith(PREFIX)) return refuse(`${SIGNATURE_HEADER} lacks its "${PREFIX}" prefix`);
  const signature = decodeHex(header.slice(PREFIX.length));
  if (signature === null) return refuse(`${SIGNATURE_HEADER} is not hex`);

  const key = await importHmacKey("sha256", secret);
  const signed = concatBytes(request.body, submissionId);
  if (!(await verifyHmac(key, signature, signed)))
    return refuse(`${SIGNATURE_HEADER} does not match`);
  return ACCEPTED;
}

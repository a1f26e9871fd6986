// Cloudflare Turnstile: the form's `cf-turnstile-response` token is sent to siteverify with the
// widget's secret and the visitor's IP; only `success: true` passes. A missing token, an
// unreachable or failing siteverify and an unreadable answer each fail with their own reason.
// https://developers.cloudflare.com/turnstile/get-started/server-side-validation/
import * as z from "../zod.ts";
import { ACCEPTED, type AuthCheck, refuse } from "./types.ts";

// Cloudflare's limit on a token's length; anything longer is not a token.
const MAX_TOKEN_LENGTH = 2048;
const DEFAULT_TIMEOUT_MS = 5000;

/** Siteverify's answer, as far as the bridge reads it. */
export const SiteverifyAnswer = z.deferred(() =>
  z.object({
    success: z.boolean(),
    "error-codes": z._default(z.array(z.string()), []),
  }),
);
export type SiteverifyAnswer = z.infer<typeof SiteverifyAnswer>;

/** What a Turnstile check needs; `fetch` and `timeoutMs` are for tests and tuning. */
export type TurnstileCheck = {
  token: string | null | undefined;
  remoteIp: string | null | undefined;
  secret: string;
  verifyUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/** Verifies a Turnstile token with siteverify. */
export async function verifyTurnstile(check: TurnstileCheck): Promise<AuthCheck> {
  const token = check.token?.trim();
  if (!token) return refuse("turnstile: token missing");
  if (token.length > MAX_TOKEN_LENGTH) return refuse("turnstile: token too long");
  if (check.secret === "") return refuse("turnstile: secret is empty");

  const form = new URLSearchParams({ secret: check.secret, response: token });
  if (check.remoteIp) form.set("remoteip", check.remoteIp);
  const send = check.fetch ?? fetch;
  let response: Response;
  try {
    response = await send(check.verifyUrl, {
      method: "POST",
      body: form,
      signal: AbortSignal.timeout(check.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : "error";
    return refuse(`turnstile: siteverify unreachable (${name})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    return refuse(`turnstile: siteverify answered ${response.status}`);
  }
  const answer = SiteverifyAnswer.safeParse(await response.json().catch(() => undefined));
  if (!answer.success) return refuse("turnstile: siteverify answer unreadable");
  if (!answer.data.success) {
    const codes = answer.data["error-codes"].join(",") || "no error code";
    return refuse(`turnstile: refused (${codes})`);
  }
  return ACCEPTED;
}

// Stage 2, authenticate: each source's protection, before anything is stored or sent. The
// per-IP rate limit and the origin list run before the body is read; the sender's signature
// or token is checked over the raw body bytes; Turnstile runs once the form is parsed. Every
// refusal is logged with its reason and answered without one (no hint of which part failed).
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { checkOrigin } from "../authenticate/origin.ts";
import { verifyRequest } from "../authenticate/signatures.ts";
import { verifyTurnstile } from "../authenticate/turnstile.ts";
import { CONFIG_INVALID_MESSAGE, readSecret, requireConfig, type Source } from "../config/load.ts";
import { BridgeError } from "../errors.ts";
import { observeSignatureFailure } from "../incidents/observe.ts";
import { logEvent } from "../log.ts";
import type { Payload } from "../parse/body.ts";
import type { RawSubmission } from "../pipeline.ts";
import { turnstileTokenOf } from "../pipeline.ts";

/** Seconds a rate-limited client is asked to wait: the longest period the binding allows. */
const RATE_LIMIT_RETRY_AFTER_S = 60;

/** The visitor's IP as Cloudflare reports it. */
function clientIp(c: Context<AppEnv>): string {
  return c.req.header("cf-connecting-ip") ?? "unknown";
}

function refused(c: Context<AppEnv>, check: string, reason: string) {
  logEvent("warn", "submission.refused", {
    request_id: c.get("requestId"),
    source: c.get("source").name,
    check,
    reason,
  });
}

/** Limits posts per client IP per source through the source's rate-limiting binding. */
export const limitRate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const source = c.get("source");
  if (source.rate_limit) {
    const limiter = (c.env as unknown as Record<string, RateLimit | undefined>)[source.rate_limit];
    if (typeof limiter?.limit !== "function") {
      // The configuration check breaks a source whose binding is missing; this is a backstop.
      logEvent("error", "config.invalid", {
        request_id: c.get("requestId"),
        source: source.name,
        problems: [{ field: "rate_limit", problem: `no binding ${source.rate_limit}` }],
      });
      throw new BridgeError("config_invalid", CONFIG_INVALID_MESSAGE);
    }
    const { success } = await limiter.limit({ key: `${source.name}:${clientIp(c)}` });
    if (!success) {
      refused(c, "rate_limit", "over the per-IP limit");
      throw new BridgeError(
        "rate_limited",
        "Too many submissions from this address; try again later.",
        {
          headers: { "Retry-After": String(RATE_LIMIT_RETRY_AFTER_S) },
        },
      );
    }
  }
  await next();
};

/** Refuses a post whose Origin (or Referer) is not one of the source's allowed origins. */
export const checkSourceOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const check = checkOrigin(c.get("source"), c.req.raw.headers);
  if (!check.ok) {
    refused(c, "origin", check.reason);
    throw new BridgeError("origin_refused", "Submissions from this page are not accepted.");
  }
  await next();
};

/** Checks the sender's token or signature over the body exactly as it arrived. */
export async function authenticateSender(c: Context<AppEnv>, source: Source, raw: RawSubmission) {
  const check = await verifyRequest(
    source.auth,
    { method: c.req.method, url: c.req.url, headers: raw.headers, body: raw.bytes },
    (name) => readSecret(c.env, name),
    Date.now(),
  );
  if (!check.ok) {
    refused(c, `auth:${source.auth.type}`, check.reason);
    observeSignatureFailure(c.env, source, Date.now(), (work) => c.executionCtx.waitUntil(work));
    throw new BridgeError("unauthorized", "Missing or invalid credentials.");
  }
}

/** Verifies the form's Turnstile token with siteverify, when the source asks for Turnstile. */
export async function checkTurnstile(c: Context<AppEnv>, source: Source, payload: Payload) {
  if (!source.turnstile) return;
  const check = await verifyTurnstile({
    token: turnstileTokenOf(payload),
    remoteIp: c.req.header("cf-connecting-ip") ?? null,
    secret: readSecret(c.env, "TURNSTILE_SECRET"),
    verifyUrl: requireConfig(c.env).TURNSTILE_VERIFY_URL,
  });
  if (!check.ok) {
    refused(c, "turnstile", check.reason);
    throw new BridgeError("turnstile_failed", "The spam check did not pass; please try again.");
  }
}

// Stage 1, receive: the hook routes' middleware that finds the request's source in the
// configuration, answers CORS for its allowed origins, and limits the body's size.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { AppEnv } from "../app-env.ts";
import { requireConfig, requireSource } from "../config/load.ts";
import { BridgeError } from "../errors.ts";
import { parseContentType } from "../parse/body.ts";
import type { RawSubmission } from "../pipeline.ts";

/** Reads the request as the pure stages take it. */
export async function readRawSubmission(c: Context<AppEnv>): Promise<RawSubmission> {
  return {
    bytes: new Uint8Array(await c.req.arrayBuffer()),
    contentType: c.req.header("content-type") ?? null,
    search: new URL(c.req.url).search,
    headers: c.req.raw.headers,
  };
}

/** Headers a browser may send on a cross-origin post. */
const CORS_ALLOWED_HEADERS = ["Content-Type", "Accept", "Idempotency-Key"];

/** Whether a request is a plain browser form post (it gets redirects, not JSON). */
export function isBrowserFormPost(request: Request): boolean {
  const { type } = parseContentType(request.headers.get("content-type"));
  const formType = type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
  return formType && !(request.headers.get("accept") ?? "").includes("application/json");
}

/**
 * Resolves `:source`: 404 when there is no such source; a generic 503 when it (or the whole
 * configuration) is broken, the problems going to the log only. A browser form of a broken
 * source still gets its `error_redirect`.
 */
export const resolveSource: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = c.get("requestId");
  const config = requireConfig(c.env, requestId);
  const name = c.req.param("source") ?? "";
  const errorRedirect =
    config.sources.get(name)?.error_redirect ?? config.broken.get(name)?.errorRedirect;
  if (errorRedirect && isBrowserFormPost(c.req.raw)) c.set("errorRedirect", errorRedirect);
  const source = requireSource(config, name, requestId);
  if (source === undefined) throw new BridgeError("unknown_source", "No such source.");
  c.set("source", source);
  await next();
};

/** CORS for the source's `allowed_origins` only (and its preflight), kept as Origin reads. */
export const sourceCors: MiddlewareHandler<AppEnv> = cors({
  origin: (origin, c: Context<AppEnv>) =>
    c.get("source")?.allowed_origins.includes(origin) ? origin : null,
  allowMethods: ["POST", "OPTIONS"],
  allowHeaders: CORS_ALLOWED_HEADERS,
  exposeHeaders: ["X-Request-Id", "Idempotent-Replayed"],
  maxAge: 600,
});

/** Refuses a body over the source's `max_body_kb` before reading it whole (413). */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: c.get("source").max_body_kb * 1024,
    onError: (limited) => {
      throw new BridgeError(
        "payload_too_large",
        `The body is larger than this source accepts (${limited.get("source").max_body_kb} KB).`,
      );
    },
  })(c, next);

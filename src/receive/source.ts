// Stage 1, receive: the hook routes' middleware that finds the request's source in the
// configuration, answers CORS for its allowed origins, and limits the body's size. Each runs
// on every post, so none builds per request what a source's settings already fix.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../app-env.ts";
import { requireConfig, requireSource } from "../config/load.ts";
import { BridgeError } from "../errors.ts";
import { noticeConfigProblem } from "../incidents/watch.ts";
import { parseContentType } from "../parse/body.ts";
import type { RawSubmission } from "../pipeline.ts";

/** Reads the request as the pure stages take it. */
export async function readRawSubmission(c: Context<AppEnv>): Promise<RawSubmission> {
  return {
    bytes: new Uint8Array(await c.req.arrayBuffer()),
    contentType: c.req.header("content-type") ?? null,
    search: searchOf(c.req.url),
    headers: c.req.raw.headers,
  };
}

/** The query string of a request URL, with its `?` (a request URL has no fragment). */
function searchOf(url: string): string {
  const start = url.indexOf("?");
  return start < 0 ? "" : url.slice(start);
}

/** Headers a browser may send on a cross-origin post. */
const CORS_ALLOWED_HEADERS = "Content-Type,Accept,Idempotency-Key";
/** Headers of the answer a page may read. */
const CORS_EXPOSED_HEADERS = "X-Request-Id,Idempotent-Replayed";
/** Seconds a browser may remember a preflight's answer. */
const CORS_MAX_AGE_S = "600";

/** Whether a request is a plain browser form post (it gets redirects, not JSON). */
export function isBrowserFormPost(request: Request): boolean {
  const { type } = parseContentType(request.headers.get("content-type"));
  const formType = type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
  return formType && !(request.headers.get("accept") ?? "").includes("application/json");
}

/** Runs `resolve`; a 503 for the configuration it throws opens its incident (after the answer). */
function noticingConfigProblems<T>(c: Context<AppEnv>, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof BridgeError && error.code === "config_invalid") {
      noticeConfigProblem(c.env, (work) => c.executionCtx.waitUntil(work));
    }
    throw error;
  }
}

/**
 * The middleware that resolves `:source`: 404 when there is no such source; a generic 503 when
 * it (or the whole configuration) is broken, the problems going to the log only. With
 * `errorRedirects`, a browser form of a source with an `error_redirect` (broken or not) gets
 * redirected there on error.
 */
function resolvingSource(errorRedirects: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = c.get("requestId");
    const source = noticingConfigProblems(c, () => {
      const config = requireConfig(c.env, requestId);
      const name = c.req.param("source") ?? "";
      if (errorRedirects) {
        const errorRedirect =
          config.sources.get(name)?.error_redirect ?? config.broken.get(name)?.errorRedirect;
        if (errorRedirect && isBrowserFormPost(c.req.raw)) c.set("errorRedirect", errorRedirect);
      }
      return requireSource(config, name, requestId);
    });
    if (source === undefined) throw new BridgeError("unknown_source", "No such source.");
    c.set("source", source);
    await next();
  };
}

/** Resolves `:source` for the hooks; a browser form still gets its `error_redirect` on error. */
export const resolveSource = resolvingSource(true);

/**
 * Resolves `:source` for the previews, APIs for people and tools and never a browser form:
 * every error, a broken source's 503 included, stays JSON.
 */
export const resolvePreviewSource = resolvingSource(false);

/**
 * CORS for the source's `allowed_origins` only (and its preflight), kept as Origin reads. The
 * headers go onto the answer once it exists, instead of onto a placeholder answer that Hono
 * would then copy into the real one.
 */
export const sourceCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  const allowed =
    origin !== undefined && c.get("source").allowed_origins.includes(origin) ? origin : null;
  if (c.req.method === "OPTIONS") {
    if (allowed) c.header("Access-Control-Allow-Origin", allowed);
    c.header("Access-Control-Expose-Headers", CORS_EXPOSED_HEADERS);
    c.header("Vary", "Origin, Access-Control-Request-Headers");
    c.header("Access-Control-Max-Age", CORS_MAX_AGE_S);
    c.header("Access-Control-Allow-Methods", "POST,OPTIONS");
    c.header("Access-Control-Allow-Headers", CORS_ALLOWED_HEADERS);
    return c.body(null, 204);
  }
  await next();
  const headers = c.res.headers;
  if (allowed) headers.set("Access-Control-Allow-Origin", allowed);
  headers.set("Access-Control-Expose-Headers", CORS_EXPOSED_HEADERS);
  headers.append("Vary", "Origin");
};

// One body-limit middleware per size in use (sources share a few sizes).
const bodyLimits = new Map<number, MiddlewareHandler<AppEnv>>();

/** Refuses a body over the source's `max_body_kb` before reading it whole (413). */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const maxKb = c.get("source").max_body_kb;
  let limit = bodyLimits.get(maxKb);
  if (limit === undefined) {
    limit = bodyLimit({
      maxSize: maxKb * 1024,
      onError: () => {
        throw new BridgeError(
          "payload_too_large",
          `The body is larger than this source accepts (${maxKb} KB).`,
        );
      },
    });
    bodyLimits.set(maxKb, limit);
  }
  return limit(c, next);
};

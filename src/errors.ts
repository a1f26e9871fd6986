// The bridge's one error model (SPEC section 2): a closed set of codes, one code-to-status
// mapping, one error body shape, one `onError` handler.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RequestIdVariables } from "hono/request-id";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { logEvent } from "./log.ts";
import * as z from "./zod.ts";

/**
 * The one vocabulary of failures: every code an HTTP answer or the delivery log can carry, with
 * its HTTP status and whether the bridge (or the sender) may try again. `docs/errors.md`
 * explains each one; a test checks that none is missing there.
 */
export const ERROR_CATALOG = {
  malformed_body: { status: 400, retryable: false },
  invalid_query: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  origin_refused: { status: 403, retryable: false },
  turnstile_failed: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  unknown_source: { status: 404, retryable: false },
  method_not_allowed: { status: 405, retryable: false },
  conflict: { status: 409, retryable: false },
  draft_removed: { status: 409, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  unmappable: { status: 422, retryable: false },
  rate_limited: { status: 429, retryable: true },
  close_rejected: { status: 502, retryable: false },
  close_auth_failed: { status: 502, retryable: true },
  close_not_found: { status: 502, retryable: true },
  close_invalid_response: { status: 502, retryable: true },
  close_name_missing: { status: 503, retryable: false },
  close_rate_limited: { status: 503, retryable: true },
  close_unavailable: { status: 503, retryable: true },
  config_invalid: { status: 503, retryable: true },
  store_unavailable: { status: 503, retryable: true },
  phone_data_unavailable: { status: 503, retryable: true },
  company_busy: { status: 503, retryable: true },
  delivery_interrupted: { status: 502, retryable: false },
  internal_error: { status: 500, retryable: true },
} as const satisfies Record<string, { status: ContentfulStatusCode; retryable: boolean }>;

/** Every error code an answer or the delivery log can carry. */
export const ErrorCode = z.deferred(() =>
  z.enum(
    Object.keys(ERROR_CATALOG) as [keyof typeof ERROR_CATALOG, ...(keyof typeof ERROR_CATALOG)[]],
  ),
);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Whether a failure with this code may succeed when tried again (by the queue, or the sender). */
export function isRetryable(code: ErrorCode): boolean {
  return ERROR_CATALOG[code].retryable;
}

/** One entry of an error's `details`: which field or key, and what is wrong with it. */
export const ErrorDetail = z.deferred(() =>
  z.object({
    field: z.string(),
    problem: z.string(),
    source: z.optional(z.string()),
  }),
);
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** The JSON body of every error answer. */
export const ErrorBody = z.deferred(() =>
  z.object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      details: z.optional(z.array(ErrorDetail)),
      request_id: z.string(),
    }),
  }),
);
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The HTTP status of each error code (the catalog has one for every code). */
export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return ERROR_CATALOG[code].status;
}

/** A failure the bridge answers with its own code, message and details. */
export class BridgeError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  /** Extra answer headers, such as `Retry-After` on `rate_limited`. */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "BridgeError";
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  get status(): ContentfulStatusCode {
    return statusOf(this.code);
  }
}

/** Builds the JSON error body for `error` and the request it answers. */
export function buildErrorBody(error: BridgeError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details && error.details.length > 0 ? { details: error.details } : {}),
      request_id: requestId,
    },
  };
}

/** Turns Hono's own exceptions (from its middleware) into the bridge's codes. */
function fromHttpException(exception: HTTPException): BridgeError {
  switch (exception.status) {
    case 400:
      return new BridgeError("malformed_body", exception.message || "The request is malformed.");
    case 401:
      return new BridgeError("unauthorized", "Missing or invalid credentials.");
    case 404:
      return new BridgeError("not_found", "No such route.");
    case 405:
      return new BridgeError("method_not_allowed", "This route does not accept that method.");
    case 413:
      return new BridgeError("payload_too_large", "The request body is too large.");
    case 415:
      return new BridgeError("unsupported_media_type", "Unsupported content type.");
    default:
      return new BridgeError("internal_error", "Something went wrong on our side.", {
        cause: exception,
      });
  }
}

/** Converts anything thrown into a `BridgeError`; unknown failures become `internal_error`. */
export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  return new BridgeError("internal_error", "Something went wrong on our side.", { cause: error });
}

/** The request variables the error handler reads. */
export type ErrorVariables = RequestIdVariables & {
  /** Where a failed browser form post is redirected (`error_redirect`), when it applies. */
  errorRedirect?: string;
};

/** The app's `onError`: one JSON shape for every failure, logged once. */
export function handleError<E extends { Variables: ErrorVariables }>(
  thrown: unknown,
  c: Context<E>,
): Response {
  const error = toBridgeError(thrown);
  const requestId = c.get("requestId") ?? "unknown";
  if (error.code === "internal_error") {
    const cause = error.cause instanceof Error ? error.cause : undefined;
    logEvent("error", "request.failed", {
      request_id: requestId,
      code: error.code,
      error: cause ? `${cause.name}: ${cause.message}` : String(error.cause),
      stack: cause?.stack,
    });
  }
  const errorRedirect = c.get("errorRedirect");
  if (errorRedirect) {
    // A browser form post goes to the source's error page, which reads `?error=<code>`.
    const target = new URL(errorRedirect);
    target.searchParams.set("error", error.code);
    return c.redirect(target.toString(), 303);
  }
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(buildErrorBody(error, requestId), error.status);
}

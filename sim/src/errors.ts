// The simulator's one error model: every failure is a CloseApiError carrying the status and
// the body Close itself would send, and one `onError` handler turns it into the answer.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Per-field messages, keyed by the request field they concern. */
export type FieldErrors = Record<string, string>;

/** The two body shapes Close uses for errors. */
export type CloseErrorBody = { error: string } | { errors: string[]; "field-errors": FieldErrors };

/** The 401 text Close answers (Flask's default for a failed authorization). */
export const UNAUTHORIZED_MESSAGE =
  "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.";

/** The 429 text; Close deprecates the body, clients should rely on the headers. */
export const RATE_LIMITED_MESSAGE =
  "API rate limit exceeded. Wait for the reset given in the RateLimit header before retrying.";

// Close runs on Flask: its non-validation errors carry Werkzeug's standard descriptions.
const STATUS_DESCRIPTIONS: Partial<Record<number, string>> = {
  400: "The browser (or proxy) sent a request that this server could not understand.",
  401: UNAUTHORIZED_MESSAGE,
  403: "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
  404: "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
  405: "The method is not allowed for the requested URL.",
  415: "The server does not support the media type transmitted in the request.",
  429: RATE_LIMITED_MESSAGE,
  500: "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.",
  502: "The proxy server received an invalid response from an upstream server.",
  503: "The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.",
  504: "The gateway did not receive a timely response from the upstream server or application.",
};

/** A failure answered with Close's status, body and any extra headers. */
export class CloseApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly body: CloseErrorBody;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    body: CloseErrorBody,
    headers: Record<string, string> = {},
  ) {
    super("error" in body ? body.error : (body.errors[0] ?? "Invalid request."));
    this.name = "CloseApiError";
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** An error whose body is Close's `{"error": "..."}` with the standard text for `status`. */
export function statusError(status: ContentfulStatusCode): CloseApiError {
  return new CloseApiError(status, {
    error: STATUS_DESCRIPTIONS[status] ?? `Simulated failure with status ${status}.`,
  });
}

/** A 400 naming the fields that are wrong (and optional request-wide messages). */
export function validationError(fieldErrors: FieldErrors, errors: string[] = []): CloseApiError {
  return new CloseApiError(400, { errors, "field-errors": fieldErrors });
}

/** A 400 about the request as a whole, not one field. */
export function requestError(message: string): CloseApiError {
  return validationError({}, [message]);
}

/** The 404 Close answers for an id that matches nothing, e.g. model "Contact". */
export function objectNotFoundError(model: string): CloseApiError {
  return new CloseApiError(404, { error: `Empty query: ${model} matching query does not exist.` });
}

/** The 405 for a known path and a method it does not take. */
export function methodNotAllowedError(allowed: string[]): CloseApiError {
  const error = statusError(405);
  return new CloseApiError(405, error.body, { Allow: allowed.join(", ") });
}

/** Answers `error` (or, for anything unexpected, a Close-like 500) as JSON. */
export function respondWithError(error: unknown, c: Context): Response {
  if (error instanceof CloseApiError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(error.body, error.status);
  }
  console.error("close-sim: unexpected failure", error);
  const internal = statusError(500);
  return c.json(internal.body, internal.status);
}

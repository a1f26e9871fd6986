// How a Close call fails: one typed error with its kind, its code in the bridge's vocabulary,
// whether the same request may succeed later, and whether a write may have happened unseen.
import type { ErrorCode } from "../errors.ts";

/** Why a Close call failed. */
export type CloseFailure =
  | "rejected" // 400 and other 4xx: Close refuses this request as it is
  | "not_found" // 404 on a record
  | "auth" // 401/403: the API key was refused
  | "rate_limited" // 429, or the pacer would wait longer than allowed
  | "unavailable" // 5xx, timeout, network error
  | "invalid_response" // 2xx with a body that is not what Close documents
  | "name_missing"; // the organization lacks a status, user, field or type the configuration names

/** The bridge's error code for each way a Close call fails (one vocabulary, `errors.ts`). */
const CODE_OF_FAILURE = {
  rejected: "close_rejected",
  not_found: "close_not_found",
  auth: "close_auth_failed",
  rate_limited: "close_rate_limited",
  unavailable: "close_unavailable",
  invalid_response: "close_invalid_response",
  name_missing: "close_name_missing",
} as const satisfies Record<CloseFailure, ErrorCode>;

/**
 * A failed Close call; `retryable` says whether the same request may succeed later, and
 * `ambiguous` whether it was a write Close may have carried out all the same (a 5xx, a timeout,
 * a lost answer or a network error after it was sent): it must not be sent again before Close's
 * search can show it (`SEARCH_SETTLE_S`).
 */
export class CloseError extends Error {
  readonly kind: CloseFailure;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly ambiguous: boolean;
  /** Seconds Close asked to wait (429), when it said. */
  readonly retryAfterS: number | undefined;
  /** Close's `field-errors` on a 400. */
  readonly fieldErrors: Record<string, unknown>;
  readonly request: string;

  constructor(
    kind: CloseFailure,
    message: string,
    options: {
      status?: number;
      retryAfterS?: number;
      fieldErrors?: Record<string, unknown>;
      request: string;
      ambiguous?: boolean;
    },
  ) {
    super(message);
    this.name = "CloseError";
    this.kind = kind;
    this.status = options.status;
    this.retryAfterS = options.retryAfterS;
    this.fieldErrors = options.fieldErrors ?? {};
    this.request = options.request;
    this.retryable = kind === "rate_limited" || kind === "unavailable" || kind === "not_found";
    this.ambiguous = options.ambiguous ?? false;
  }

  /** The failure's code in the bridge's one vocabulary (answers and the delivery log). */
  get code(): ErrorCode {
    return CODE_OF_FAILURE[this.kind];
  }

  /** The same failure, marked as a write Close may have carried out. */
  asAmbiguous(): CloseError {
    return new CloseError(this.kind, this.message, {
      status: this.status,
      retryAfterS: this.retryAfterS,
      fieldErrors: this.fieldErrors,
      request: this.request,
      ambiguous: true,
    });
  }
}

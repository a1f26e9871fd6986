// The one failure policy of delivery: what a failed attempt is called (a code of the one
// vocabulary, `errors.ts`), what the log keeps of it, and what comes next: dead, a retry with
// backoff, a postponement that gives the attempt back (Close's rate limit, a busy company lead,
// the log failing to record), or, in sync mode, the hand-over to the queue. Sync mode, the queue
// consumer and the preview all decide through here.
import { CloseError } from "../close/error.ts";
import type { BridgeConfig } from "../config/load.ts";
import { BridgeError, type ErrorCode, type ErrorDetail, isRetryable } from "../errors.ts";
import { redactPersonalData } from "../log.ts";
import { type DeliveryError, StoreUnavailable } from "../store/submissions.ts";
import { AUTH_FAILURE_MIN_DELAY_S, MAX_DELAY_S, retryDelaySeconds } from "./backoff.ts";
import { CompanyBusy, mayHaveWritten } from "./upsert.ts";

/** Close's `field-errors` as error details, with any email or phone in them masked. */
export function fieldErrorDetails(error: CloseError): ErrorDetail[] {
  return Object.entries(error.fieldErrors).map(([field, problem]) => ({
    field,
    problem: redactPersonalData(
      typeof problem === "string" ? problem.slice(0, 300) : JSON.stringify(problem).slice(0, 300),
    ),
  }));
}

/** The code of the vocabulary a failure is known by, in answers and in the log alike. */
export function codeOfFailure(error: unknown): ErrorCode {
  if (error instanceof CloseError) return error.code;
  if (error instanceof BridgeError) return error.code;
  if (error instanceof StoreUnavailable) return "store_unavailable";
  if (error instanceof CompanyBusy) return "company_busy";
  return "internal_error";
}

/** What the log records of a failed attempt: its code and a message without personal data. */
export function describeFailure(error: unknown): DeliveryError {
  const code = codeOfFailure(error);
  if (error instanceof CloseError) {
    const details = fieldErrorDetails(error);
    return {
      code,
      message: redactPersonalData(`${error.request}: ${error.message}`),
      ...(details.length > 0 ? { details } : {}),
    };
  }
  if (error instanceof StoreUnavailable || error instanceof CompanyBusy) {
    return { code, message: error.message };
  }
  return { code, message: error instanceof Error ? error.name : "unknown failure" };
}

/** The messages a sender (or the preview's caller) reads for a failed delivery, by code. */
const SENDER_MESSAGES: Partial<Record<ErrorCode, string>> = {
  close_auth_failed: "Close refused the bridge's API key (CLOSE_API_KEY).",
};

/** The answer for a failed delivery: the same code the log keeps, Close's reasons as details. */
export function senderErrorOf(error: unknown): BridgeError {
  if (!(error instanceof CloseError)) {
    return error instanceof BridgeError
      ? error
      : new BridgeError("internal_error", "Something went wrong on our side.", { cause: error });
  }
  const code = error.code;
  if (code === "close_name_missing") {
    // What the configuration names and Close lacks, and how to add it (no personal data: a
    // user's email in it is masked like any other).
    return new BridgeError(code, redactPersonalData(error.message), {
      details: fieldErrorDetails(error),
    });
  }
  if (code === "close_rejected") {
    return new BridgeError(
      code,
      `Close refused the contact: ${redactPersonalData(error.message)}`,
      {
        details: fieldErrorDetails(error),
      },
    );
  }
  return new BridgeError(
    code,
    SENDER_MESSAGES[code] ??
      "Close is not available right now. The submission is recorded and will be delivered when Close is back.",
    isRetryable(code)
      ? { headers: { "Retry-After": String(Math.ceil(error.retryAfterS ?? 30)) } }
      : {},
  );
}

/**
 * Seconds to wait before the next attempt after `attempts` failed ones ending in `error`: the
 * backoff; at least 15 minutes when Close refused the API key; at least `SEARCH_SETTLE_S` when a
 * write may have happened unseen.
 */
export function nextAttemptDelayS(error: unknown, attempts: number, config: BridgeConfig): number {
  let delayS = retryDelaySeconds(attempts, config.RETRY_BASE_S);
  if (codeOfFailure(error) === "close_auth_failed") {
    delayS = Math.max(delayS, AUTH_FAILURE_MIN_DELAY_S);
  }
  if (mayHaveWritten(error)) delayS = Math.max(delayS, config.SEARCH_SETTLE_S);
  return Math.min(MAX_DELAY_S, delayS);
}

/**
 * A failure that is not the submission's fault and cost Close nothing it cannot find again: the
 * attempt is given back, and the submission comes back in `delayS`. Close's rate limit (which
 * also holds back the rest of the batch), another delivery creating the company's lead, and the
 * log failing to record what Close did (the next attempt, after the search has settled, finds
 * Close's records and repeats none of its writes).
 */
function postponement(error: unknown, config: BridgeConfig) {
  if (error instanceof CloseError && error.kind === "rate_limited") {
    const delayS = Math.max(1, Math.ceil(error.retryAfterS ?? 1));
    return { delayS, event: "delivery.rate_limited", level: "info", pause: true } as const;
  }
  if (error instanceof CompanyBusy) {
    const delayS = error.retryAfterS;
    return { delayS, event: "delivery.company_busy", level: "info", pause: false } as const;
  }
  if (error instanceof StoreUnavailable) {
    const delayS = Math.max(1, config.SEARCH_SETTLE_S);
    return { delayS, event: "delivery.unrecorded", level: "error", pause: false } as const;
  }
  return undefined;
}

/** What a failed attempt leads to. */
export type FailureDecision =
  /** Given back: another attempt in `delayS`, not counted; `pause` holds back the whole batch. */
  | {
      action: "postpone";
      delayS: number;
      pause: boolean;
      event: string;
      level: "info" | "error";
    }
  /** Another attempt in `delayS` (counted). */
  | { action: "retry"; delayS: number }
  /** No attempt will succeed (a code that is not retryable), or the attempts are used up. */
  | { action: "dead"; reason: "not_retryable" | "retries_exhausted" };

/** Where the attempt ran: in the request (its retries are the queue's, still to come), or the queue. */
export type FailureContext = { attempts: number; maxRetries: number; inRequest: boolean };

/** The one failure policy: decides what a failed delivery attempt leads to. */
export function decideFailure(
  error: unknown,
  at: FailureContext,
  config: BridgeConfig,
): FailureDecision {
  const later = postponement(error, config);
  if (later) return { action: "postpone", ...later };
  if (!isRetryable(codeOfFailure(error))) return { action: "dead", reason: "not_retryable" };
  if (!at.inRequest && at.attempts > at.maxRetries) {
    return { action: "dead", reason: "retries_exhausted" };
  }
  return { action: "retry", delayS: nextAttemptDelayS(error, at.attempts, config) };
}

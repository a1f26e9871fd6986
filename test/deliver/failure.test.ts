// The one failure policy: what each failure a delivery meets leads to, in the queue and in a request.
import { describe, expect, it } from "vitest";
import { CloseError } from "../../src/close/error.ts";
import type { BridgeConfig } from "../../src/config/load.ts";
import { AUTH_FAILURE_MIN_DELAY_S } from "../../src/deliver/backoff.ts";
import { decideFailure, describeFailure, senderErrorOf } from "../../src/deliver/failure.ts";
import { CompanyBusy } from "../../src/deliver/upsert.ts";
import { ERROR_CATALOG } from "../../src/errors.ts";
import { StoreUnavailable } from "../../src/store/submissions.ts";

const config = { RETRY_BASE_S: 60, SEARCH_SETTLE_S: 30 } as BridgeConfig;
const close = (kind: ConstructorParameters<typeof CloseError>[0], ambiguous = false) =>
  new CloseError(kind, "Close said no", { request: "POST /contact/", ambiguous, retryAfterS: 7 });

const firstAttempt = { attempts: 1, maxRetries: 10, inRequest: false };
const lastAttempt = { attempts: 11, maxRetries: 10, inRequest: false };
const inRequest = { attempts: 11, maxRetries: 10, inRequest: true };

describe("the failure policy", () => {
  it.each([
    ["Close refusing the contact", close("rejected"), firstAttempt, "dead", "close_rejected"],
    ["Close refusing the API key", close("auth"), firstAttempt, "retry", "close_auth_failed"],
    ["Close failing (5xx)", close("unavailable"), firstAttempt, "retry", "close_unavailable"],
    [
      "a lost answer to a write",
      close("unavailable", true),
      firstAttempt,
      "retry",
      "close_unavailable",
    ],
    ["a record gone from Close", close("not_found"), firstAttempt, "retry", "close_not_found"],
    [
      "an answer of unknown shape",
      close("invalid_response"),
      firstAttempt,
      "retry",
      "close_invalid_response",
    ],
    ["Close's rate limit", close("rate_limited"), lastAttempt, "postpone", "close_rate_limited"],
    [
      "another delivery making the company's lead",
      new CompanyBusy(5),
      lastAttempt,
      "postpone",
      "company_busy",
    ],
    [
      "the log failing to record",
      new StoreUnavailable(new Error("D1")),
      lastAttempt,
      "postpone",
      "store_unavailable",
    ],
    ["an unknown failure", new TypeError("boom"), firstAttempt, "retry", "internal_error"],
    [
      "Close failing on the last attempt",
      close("unavailable"),
      lastAttempt,
      "dead",
      "close_unavailable",
    ],
    [
      "Close failing in the request, whatever the count",
      close("unavailable"),
      inRequest,
      "retry",
      "close_unavailable",
    ],
    [
      "Close refusing the contact in the request",
      close("rejected"),
      inRequest,
      "dead",
      "close_rejected",
    ],
  ] as const)("%s: %s, logged as %s", (_, error, at, action, code) => {
    expect(decideFailure(error, at, config).action).toBe(action);
    expect(describeFailure(error).code).toBe(code);
  });

  it("waits at least 15 minutes after Close refused the API key", () => {
    const decision = decideFailure(close("auth"), firstAttempt, config);
    expect(decision).toMatchObject({ action: "retry" });
    expect(decision.action === "retry" && decision.delayS).toBeGreaterThanOrEqual(
      AUTH_FAILURE_MIN_DELAY_S,
    );
  });

  it("waits for Close's search to settle after a write whose answer was lost", () => {
    const decision = decideFailure(close("unavailable", true), firstAttempt, config);
    expect(decision.action === "retry" && decision.delayS).toBeGreaterThanOrEqual(30);
  });

  it("waits what Close asked after its rate limit, and holds back the batch", () => {
    expect(decideFailure(close("rate_limited"), firstAttempt, config)).toMatchObject({
      action: "postpone",
      delayS: 7,
      pause: true,
    });
  });

  it("answers a sender with the code the log keeps, and its status from the one catalog", () => {
    for (const kind of ["rejected", "auth", "unavailable", "rate_limited"] as const) {
      const error = close(kind);
      const answer = senderErrorOf(error);
      expect(answer.code).toBe(describeFailure(error).code);
      expect(answer.status).toBe(ERROR_CATALOG[answer.code].status);
    }
  });
});

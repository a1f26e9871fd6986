// One Close call: waits for the rate-limit window (the pacer), sends through the transport,
// turns a failure into a `CloseError` (a write's 5xx or lost answer marked ambiguous), and parses
// the answer with its schema; a request body is checked with its own schema before it goes.
import type * as z from "../zod.ts";
import { CloseError } from "./error.ts";
import { endpointGroup, type RatePacer, retryAfterSeconds } from "./rate-limit.ts";
import { CloseErrorBody } from "./schemas.ts";
import {
  type CloseRequest,
  type CloseResponse,
  type CloseTransport,
  isWrite,
} from "./transport.ts";

/** How the client waits when a rate-limit window is used up. */
export type PacingPolicy = {
  /** The pacer of the key the client uses. */
  pacer: RatePacer;
  /** The longest wait (ms) the caller accepts; beyond it the call fails as `rate_limited`. */
  maxWaitMs: number;
  /**
   * No request starts after this time (ms since the epoch): a queue delivery stops in time for
   * its lease to end only after every write it sent has settled. Later calls fail as
   * `rate_limited` (nothing was sent: the delivery goes on in a new attempt).
   */
  deadline?: number;
  sleep?: (ms: number) => Promise<void>;
};

function sleepFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function failureOf(response: CloseResponse, request: string): CloseError {
  const parsed = CloseErrorBody.safeParse(response.body);
  const body = parsed.success ? parsed.data : {};
  const status = response.status;
  if (status === 429) {
    return new CloseError("rate_limited", "Close's rate limit was reached", {
      status,
      retryAfterS: retryAfterSeconds(response.headers),
      request,
    });
  }
  if (status === 401 || status === 403) {
    return new CloseError("auth", "Close refused the API key", { status, request });
  }
  if (status === 404)
    return new CloseError("not_found", "Close has no such record", { status, request });
  if (status >= 500) {
    return new CloseError("unavailable", `Close answered ${status}`, { status, request });
  }
  const summary = body.error ?? (body.errors ?? []).map(String).join("; ");
  return new CloseError("rejected", summary || `Close refused the request (${status})`, {
    status,
    fieldErrors: body["field-errors"] ?? {},
    request,
  });
}

/** Sends requests through `transport`, paced by `pacing`, each answer parsed with its schema. */
export function createCall(transport: CloseTransport, pacing?: PacingPolicy) {
  const sleep = pacing?.sleep ?? sleepFor;

  async function call<T extends z.ZodMiniType>(
    request: CloseRequest,
    schema: T,
  ): Promise<z.infer<T>> {
    const group = endpointGroup(request.method, request.path);
    const describe = `${request.method} ${request.path.split("?")[0]}`;
    const pacer = pacing?.pacer;
    const deadline = pacing?.deadline ?? Number.POSITIVE_INFINITY;
    if (pacing && pacer) {
      let wait = pacer.reserve(group);
      while (wait > 0) {
        if (wait > pacing.maxWaitMs || Date.now() + wait > deadline) {
          throw new CloseError("rate_limited", "Close's rate limit window is used up", {
            retryAfterS: wait / 1000,
            request: describe,
          });
        }
        await sleep(wait);
        wait = pacer.reserve(group);
      }
    }
    if (Date.now() > deadline) {
      throw new CloseError(
        "rate_limited",
        "The delivery's time is up; it goes on in a new attempt",
        {
          retryAfterS: 1,
          request: describe,
        },
      );
    }
    const write = isWrite(request);
    let response: CloseResponse;
    try {
      response = await transport(request);
    } catch (error) {
      // A timeout or a dropped connection: Close may have received the write and carried it out.
      throw error instanceof CloseError && write ? error.asAmbiguous() : error;
    }
    if (pacer) {
      pacer.record(group, response.headers);
      if (response.status === 429) pacer.recordRefusal(group, retryAfterSeconds(response.headers));
    }
    if (response.status < 200 || response.status > 299) {
      const failure = failureOf(response, describe);
      // A 5xx to a write says nothing of whether Close carried it out.
      throw write && response.status >= 500 ? failure.asAmbiguous() : failure;
    }
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) {
      // A 2xx to a write in a shape we cannot read: the write was carried out, its ids are unknown.
      throw new CloseError(
        "invalid_response",
        "Close answered in a shape close-bridge does not know",
        { status: response.status, request: describe, ambiguous: write },
      );
    }
    return parsed.data;
  }

  /** Sends a write whose body is checked with `bodySchema` first: a body built wrong fails here. */
  function send<B extends z.ZodMiniType, T extends z.ZodMiniType>(
    method: "POST" | "PUT",
    path: string,
    bodySchema: B,
    body: z.input<B>,
    answer: T,
  ): Promise<z.infer<T>> {
    return call({ method, path, body: bodySchema.parse(body) }, answer);
  }

  return { call, send };
}

// Sending one request to Close: the request and answer shapes, and the HTTP transport (Basic
// auth, a timeout). The preview swaps in a recording transport.
import { CloseError } from "./error.ts";

/** One request to Close, as the transport sends it and the preview shows it. */
export type CloseRequest = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path below the API base, such as `/contact/`; the query included. */
  path: string;
  body?: unknown;
};

/** What the transport answers. */
export type CloseResponse = { status: number; headers: Headers; body: unknown };

/** Sends one request to Close (HTTP in production; recording in the preview). */
export type CloseTransport = (request: CloseRequest) => Promise<CloseResponse>;

/** Whether a request changes data in Close (the search is a POST that only reads). */
export function isWrite(request: CloseRequest): boolean {
  return request.method !== "GET" && request.path.split("?")[0] !== "/data/search/";
}

/** Options of the HTTP transport. */
export type HttpTransportOptions = {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
};

/** Sends requests to Close over HTTP with Basic auth (the key as user, empty password). */
export function createHttpTransport(options: HttpTransportOptions): CloseTransport {
  const authorization = `Basic ${btoa(`${options.apiKey}:`)}`;
  const send = options.fetch ?? fetch;
  return async (request) => {
    const describe = `${request.method} ${request.path.split("?")[0]}`;
    let response: Response;
    try {
      response = await send(`${options.baseUrl}${request.path}`, {
        method: request.method,
        headers: {
          authorization,
          accept: "application/json",
          ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw new CloseError(
        "unavailable",
        timedOut
          ? `Close did not answer within ${options.timeoutMs} ms`
          : "Close could not be reached",
        { request: describe },
      );
    }
    const text = await response.text().catch(() => "");
    let body: unknown = null;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
    }
    return { status: response.status, headers: response.headers, body };
  };
}

// Builds raw submissions from fixtures and runs them through the pure pipeline, the way ingest
// does: bytes and headers in, a contact draft (or ignored, or a 422) out.
import { parseConfig, type Source } from "../../src/config/load.ts";
import { BridgeError, type ErrorDetail } from "../../src/errors.ts";
import {
  type PreparedSubmission,
  prepareSubmission,
  type RawSubmission,
} from "../../src/pipeline.ts";
import { installTestPhoneMetadata } from "./phone-metadata.ts";

/** A source named after its preset with nothing else set, plus the options a test adds. */
export function sourceFor(preset: string, options: Record<string, unknown> = {}): Source {
  const result = parseConfig({ SOURCES: { [preset]: { preset, ...options } } });
  if (!result.ok) throw new Error(`bad test source: ${JSON.stringify(result.problems)}`);
  const source = result.config.sources.get(preset);
  if (!source) throw new Error(`no source ${preset}`);
  return source;
}

/** A JSON delivery of `body` (an object, or the exact text of a fixture). */
export function jsonDelivery(body: unknown, headers: Record<string, string> = {}): RawSubmission {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return {
    bytes: new TextEncoder().encode(text),
    contentType: "application/json",
    search: "",
    headers: new Headers(headers),
  };
}

/** A multipart/form-data delivery of text fields, as Jotform posts them. */
export async function multipartDelivery(fields: Record<string, string>): Promise<RawSubmission> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request("http://sender.test/", { method: "POST", body: form });
  return {
    bytes: new Uint8Array(await request.arrayBuffer()),
    contentType: request.headers.get("content-type"),
    search: "",
    headers: new Headers(),
  };
}

/** Runs the pure pipeline for a source. */
export function prepare(raw: RawSubmission, source: Source): Promise<PreparedSubmission> {
  installTestPhoneMetadata();
  return prepareSubmission(raw, source);
}

/** Runs the pure pipeline and answers its contact, failing the test when there is none. */
export async function prepareContact(raw: RawSubmission, source: Source) {
  installTestPhoneMetadata();
  const prepared = await prepareSubmission(raw, source);
  if (prepared.kind !== "contact") throw new Error(`expected a contact, got ${prepared.kind}`);
  return prepared;
}

/** The refusal of a submission: its code, status and details (fails when it is accepted). */
export async function refusalOf(
  raw: RawSubmission,
  source: Source,
): Promise<{ code: string; status: number; details: ErrorDetail[] }> {
  installTestPhoneMetadata();
  try {
    const prepared = await prepareSubmission(raw, source);
    throw new Error(`expected a refusal, got ${prepared.kind}`);
  } catch (error) {
    if (!(error instanceof BridgeError)) throw error;
    return { code: error.code, status: error.status, details: error.details ?? [] };
  }
}

/** A deep copy of a fixture that a test can change. */
export function copyOf<T>(fixture: T): T {
  return structuredClone(fixture);
}

/** 10,000 characters of text in several scripts, for the long-text answers. */
export const LONG_TEXT = "Long answer with émoji 🚀 and עברית. ".repeat(300).slice(0, 10_000);

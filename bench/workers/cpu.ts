// The CPU benchmark's Worker: for one delivery, it repeats one task in workerd for at least
// `spanMs` and answers how many runs that took and how long (by workerd's clock, which counts
// whole milliseconds). The tasks: the work every submission costs before any I/O (the
// sender's signature or token checked over the body, parse, extract, map, validate, the dedupe
// key with its body hash), `JSON.parse` of the same data (the baseline), and each stage alone,
// down to the preview's JSON answer. The bench reads workerd's CPU time around each request.
import phoneMetadata from "../../public/_bridge/phone-metadata.json" with { type: "json" };
import { verifyRequest } from "../../src/authenticate/signatures.ts";
import { readSecret, requireConfig, type Source } from "../../src/config/load.ts";
import { mapSubmission } from "../../src/map/draft.ts";
import { installPhoneMetadata, normalizePhone } from "../../src/map/phone.ts";
import {
  parseSubmission,
  prepareFromPayload,
  prepareSubmission,
  type RawSubmission,
} from "../../src/pipeline.ts";
import { findPreset } from "../../src/providers/registry.ts";
import { dedupeOf } from "../../src/receive/dedupe.ts";
import { validateDraft } from "../../src/validate/draft.ts";

// The bridge loads the phone metadata from its static assets once per isolate, before its first
// map; here it is installed at once, so that every figure includes the phone work and none the
// one-off load (the start-up section of the report measures that).
installPhoneMetadata(phoneMetadata);

/** The tasks one request can time. */
export const CPU_TASKS = [
  "submission",
  "jsonParse",
  "auth",
  "parse",
  "extract",
  "map",
  "phone",
  "validate",
  "answer",
] as const;

/** What the bench posts: one delivery, the source it is for, and what to repeat how long. */
type Job = {
  source: string;
  url: string;
  headers: Record<string, string>;
  /** The body's bytes, base64. */
  body: string;
  /** The same data as JSON, for the baseline. */
  json: string;
  task: (typeof CPU_TASKS)[number];
  /** Milliseconds the repetitions should last at least. */
  spanMs: number;
};

/** Runs `work` in growing batches until they span `spanMs`. */
async function repeat(work: () => Promise<unknown> | unknown, spanMs: number) {
  let runs = 0;
  let batch = 1;
  const started = performance.now();
  while (performance.now() - started < spanMs) {
    for (let i = 0; i < batch; i++) await work();
    runs += batch;
    batch = Math.min(batch * 2, 256);
  }
  return { runs, ms: performance.now() - started };
}

/** The task's work for one delivery, checked once so that a failure is an error, not a figure. */
async function taskOf(job: Job, env: Env, source: Source) {
  const body = Uint8Array.from(atob(job.body), (char) => char.charCodeAt(0));
  const headers = new Headers(job.headers);
  const raw: RawSubmission = {
    bytes: body,
    contentType: headers.get("content-type"),
    search: new URL(job.url).search,
    headers,
  };
  const auth = () =>
    verifyRequest(
      source.auth,
      { method: "POST", url: job.url, headers, body },
      (name) => readSecret(env, name),
      Date.now(),
    );
  const submit = async () => {
    const check = await auth();
    if (!check.ok) throw new Error(`${job.source}: ${check.reason}`);
    const prepared = await prepareSubmission(raw, source);
    if (prepared.kind !== "contact") throw new Error(`${job.source}: not a contact`);
    return dedupeOf(headers, prepared.eventId, source, body);
  };
  await submit();
  const payload = await parseSubmission(raw, source);
  const preset = findPreset(source.preset);
  const extraction = preset.extract(payload, { headers });
  const prepared = prepareFromPayload(payload, source, headers);
  if (prepared.kind !== "contact") throw new Error(`${job.source}: not a contact`);
  const tasks: Record<Job["task"], () => unknown> = {
    submission: submit,
    jsonParse: () => JSON.parse(job.json),
    auth,
    parse: () => parseSubmission(raw, source),
    extract: () => preset.extract(payload, { headers }),
    map: () => mapSubmission(extraction, source, { ignoredKeys: new Set() }),
    // One US number read and validated by libphonenumber-js: map does this for every phone.
    phone: () => normalizePhone("(415) 555-0100", "US"),
    validate: () => validateDraft(prepared.draft, preset.contactHint),
    // The preview's answer, as its route builds it.
    answer: () =>
      new Response(
        JSON.stringify({
          source: source.name,
          status: "mapped",
          event_id: prepared.eventId ?? null,
          record: { answers: prepared.extraction.answers },
          draft: prepared.draft,
        }),
        { headers: { "content-type": "application/json" } },
      ),
  };
  return { work: tasks[job.task], phones: prepared.draft.phones.length };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const job = (await request.json()) as Job;
    const source = requireConfig(env).sources.get(job.source);
    if (!source) return new Response(`no source ${job.source}`, { status: 404 });
    const { work, phones } = await taskOf(job, env, source);
    return Response.json({ ...(await repeat(work, job.spanMs)), phones });
  },
};

// The CPU benchmark's Worker: it runs, in workerd, the work every submission costs before any
// I/O (the sender's signature or token checked over the body, parse, extract, map, validate,
// the dedupe key with its body hash), and `JSON.parse` of the same data as the baseline, many
// times over one delivery, and answers the milliseconds per submission. workerd's clock
// counts whole milliseconds, so each figure is a total over enough repetitions to span tens
// of them.
import { verifyRequest } from "../../src/authenticate/signatures.ts";
import { readSecret, requireConfig } from "../../src/config/load.ts";
import { prepareSubmission, type RawSubmission } from "../../src/pipeline.ts";
import { dedupeOf } from "../../src/receive/dedupe.ts";

/** What the bench posts: one delivery, the source it is for, and how long to measure. */
type Job = {
  source: string;
  url: string;
  headers: Record<string, string>;
  /** The body's bytes, base64. */
  body: string;
  /** The same data as JSON, for the baseline. */
  json: string;
  /** Milliseconds each measurement should last at least. */
  spanMs: number;
};

/** Runs `work` in batches until they span `spanMs`; answers the milliseconds per run. */
async function timePerRun(work: () => Promise<unknown> | unknown, spanMs: number) {
  let runs = 0;
  let batch = 1;
  const started = performance.now();
  while (performance.now() - started < spanMs) {
    for (let i = 0; i < batch; i++) await work();
    runs += batch;
    batch = Math.min(batch * 2, 256);
  }
  return (performance.now() - started) / runs;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const job = (await request.json()) as Job;
    const source = requireConfig(env).sources.get(job.source);
    if (!source) return new Response(`no source ${job.source}`, { status: 404 });
    const body = Uint8Array.from(atob(job.body), (char) => char.charCodeAt(0));
    const headers = new Headers(job.headers);
    const raw: RawSubmission = {
      bytes: body,
      contentType: headers.get("content-type"),
      search: new URL(job.url).search,
      headers,
    };
    const submit = async () => {
      const check = await verifyRequest(
        source.auth,
        { method: "POST", url: job.url, headers, body },
        (name) => readSecret(env, name),
        Date.now(),
      );
      if (!check.ok) throw new Error(`${job.source}: ${check.reason}`);
      const prepared = await prepareSubmission(raw, source);
      if (prepared.kind !== "contact") throw new Error(`${job.source}: not a contact`);
      return dedupeOf(headers, prepared.eventId, source, body);
    };
    // Once first, so that a failure is an error rather than a figure.
    await submit();
    const submissionMs = await timePerRun(submit, job.spanMs);
    const jsonParseMs = await timePerRun(() => JSON.parse(job.json), job.spanMs);
    return Response.json({ submissionMs, jsonParseMs });
  },
};

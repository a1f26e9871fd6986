// The benchmarks' baselines, in the same runtime as the bridge: a bare Hono handler that reads
// the body and answers 202 (the floor of any request), a hand-written receiver of each kind of
// sender the preview is measured for (the least a correct handler of that sender does: check its
// token or signature, parse the body, pick the person's fields; what glue written by hand for
// one form costs), the minimal durable acknowledgement
// (one D1 INSERT of a submission-sized row into the bridge's own table, one queue send, 202:
// the floor of queue-mode ingest), and the naive bridge that forwards each post straight to
// Close's POST /contact/ and waits for it (what close-bridge replaces). It also serves the
// bench's bridge its per-IP rate limit, as Cloudflare's binding works (see `RateLimiter`).
import { WorkerEntrypoint } from "cloudflare:workers";
import { Hono } from "hono";

type Bindings = {
  CLOSE_API_BASE: string;
  CLOSE_API_KEY: string;
  BENCH_DB: D1Database;
  BENCH_QUEUE: Queue<{ id: string }>;
  TYPEFORM_SECRET: string;
  JOTFORM_TOKEN: string;
};

const app = new Hono<{ Bindings: Bindings }>();

app.post("/bare", async (c) => {
  await c.req.arrayBuffer();
  return c.json({ id: "sub_baseline", status: "queued" }, 202);
});

// The hand-written receivers. Each answers the person's fields as JSON; none normalizes a phone,
// validates an email, keys duplicates or records anything (the bridge's stages 4-6 do).

app.post("/glue/form", async (c) => {
  const form = new URLSearchParams(await c.req.text());
  return c.json({ name: form.get("name"), email: form.get("email"), phone: form.get("phone") });
});

let typeformKey: Promise<CryptoKey> | undefined;
type TypeformAnswer = { type: string; email?: string; text?: string; phone_number?: string };

app.post("/glue/typeform", async (c) => {
  const body = await c.req.arrayBuffer();
  // `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the body>`, the key imported once.
  typeformKey ??= crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(c.env.TYPEFORM_SECRET),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const signature = (c.req.header("typeform-signature") ?? "").replace(/^sha256=/, "");
  const bytes = Uint8Array.from(atob(signature), (char) => char.charCodeAt(0));
  if (!(await crypto.subtle.verify("HMAC", await typeformKey, bytes, body))) {
    return c.json({ error: "unauthorized" }, 401);
  }
  const answers: TypeformAnswer[] = JSON.parse(new TextDecoder().decode(body)).form_response
    .answers;
  const answer = (type: string) => answers.find((a) => a.type === type);
  return c.json({
    name: answer("text")?.text,
    email: answer("email")?.email,
    phone: answer("phone_number")?.phone_number,
  });
});

const encoder = new TextEncoder();

app.post("/glue/jotform", async (c) => {
  // The token in the webhook's URL, compared in constant time.
  const given = encoder.encode(c.req.query("token") ?? "");
  const expected = encoder.encode(c.env.JOTFORM_TOKEN);
  const same = given.length === expected.length;
  if (!crypto.subtle.timingSafeEqual(same ? given : expected, expected) || !same) {
    return c.json({ error: "unauthorized" }, 401);
  }
  const form = await c.req.formData();
  const raw = JSON.parse(String(form.get("rawRequest")));
  return c.json({
    name: `${raw.q3_name?.first ?? ""} ${raw.q3_name?.last ?? ""}`.trim(),
    email: raw.q4_email,
    phone: raw.q5_phoneNumber?.full,
  });
});

let written = 0;

app.post("/ingest", async (c) => {
  const text = await c.req.text();
  const fields = Object.fromEntries(new URLSearchParams(text));
  const now = Date.now();
  written += 1;
  const id = `sub_${now}_${written}`;
  // The columns the bridge writes: the form's fields as the draft, the body as the sender's input.
  const input = {
    content_type: c.req.header("content-type") ?? null,
    search: "",
    headers: {},
    text,
  };
  await c.env.BENCH_DB.prepare(
    `INSERT INTO submissions (id, source, mode, received_at, dedupe_key, status, attempts, max_retries, draft, updated_at, lease_until, input)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?4, ?10, ?11)`,
  )
    .bind(
      id,
      "website",
      "queue",
      now,
      null,
      "queued",
      0,
      8,
      JSON.stringify(fields),
      null,
      JSON.stringify(input),
    )
    .run();
  const sent = Date.now();
  await c.env.BENCH_QUEUE.send({ id });
  c.header("Server-Timing", `write;dur=${sent - now}, send;dur=${Date.now() - sent}`);
  return c.json({ id, status: "queued" }, 202);
});

app.post("/naive", async (c) => {
  const form = new URLSearchParams(await c.req.text());
  const response = await fetch(`${c.env.CLOSE_API_BASE}/contact/`, {
    method: "POST",
    headers: {
      authorization: `Basic ${btoa(`${c.env.CLOSE_API_KEY}:`)}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({
      name: form.get("name") ?? undefined,
      emails: [{ email: form.get("email") ?? "", type: "office" }],
    }),
  });
  return c.json(await response.json(), response.status === 200 ? 201 : 502);
});

/** A rate limit's settings, as wrangler.toml's `[[ratelimits]] simple` gives them. */
type RateLimitProps = { limit: number; period: number };

/**
 * The per-IP rate limit for the bench's bridge, in place of Miniflare's simulation of the
 * binding (a Durable Object that writes every count to SQLite on disk). Cloudflare keeps the
 * counters in memory on the machine that runs the Worker and syncs them in the background;
 * this counts in memory too, in fixed windows of `period` seconds, with the binding's API.
 */
export class RateLimiter extends WorkerEntrypoint<Bindings, RateLimitProps> {
  static counts = new Map<string, number>();
  static window = 0;

  async limit({ key }: { key: string }): Promise<{ success: boolean }> {
    const { limit, period } = this.ctx.props;
    const window = Math.floor(Date.now() / (period * 1000));
    if (window !== RateLimiter.window) {
      RateLimiter.window = window;
      RateLimiter.counts.clear();
    }
    const count = RateLimiter.counts.get(key) ?? 0;
    if (count >= limit) return { success: false };
    RateLimiter.counts.set(key, count + 1);
    return { success: true };
  }
}

export default {
  fetch: app.fetch,
  // The sends only stand for the bridge's: take them off the queue.
  async queue(batch: MessageBatch<{ id: string }>) {
    batch.ackAll();
  },
};

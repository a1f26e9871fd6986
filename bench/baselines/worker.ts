// The benchmarks' baselines, in the same runtime as the bridge: a bare Hono handler that reads
// the body and answers 202 (the ceiling of any ingest), the naive bridge that forwards each
// post straight to Close's POST /contact/ and waits for it (what close-bridge replaces), and the
// two platform calls a queue-mode ingest is made of, each alone (one D1 INSERT of a row like a
// submission's, one queue send), timed in `Server-Timing` as the bridge times its D1 write.
import { Hono } from "hono";

type Bindings = {
  CLOSE_API_BASE: string;
  CLOSE_API_KEY: string;
  BENCH_DB: D1Database;
  BENCH_QUEUE: Queue<{ id: string }>;
};

const app = new Hono<{ Bindings: Bindings }>();

app.post("/bare", async (c) => {
  await c.req.arrayBuffer();
  return c.json({ id: "sub_baseline", status: "queued" }, 202);
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

let tableReady: Promise<unknown> | undefined;
let written = 0;

app.post("/d1-write", async (c) => {
  const body = await c.req.text();
  tableReady ??= c.env.BENCH_DB.prepare(
    "CREATE TABLE IF NOT EXISTS writes (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, draft TEXT)",
  ).run();
  await tableReady;
  written += 1;
  const started = Date.now();
  await c.env.BENCH_DB.prepare("INSERT INTO writes (id, received_at, draft) VALUES (?1, ?2, ?3)")
    .bind(`w_${started}_${written}`, started, JSON.stringify({ body }))
    .run();
  c.header("Server-Timing", `write;dur=${Date.now() - started}`);
  return c.json({ status: "written" }, 202);
});

app.post("/queue-send", async (c) => {
  await c.req.arrayBuffer();
  const started = Date.now();
  await c.env.BENCH_QUEUE.send({ id: `w_${started}` });
  c.header("Server-Timing", `send;dur=${Date.now() - started}`);
  return c.json({ status: "sent" }, 202);
});

export default {
  fetch: app.fetch,
  // The sends are only there to be timed: take them off the queue.
  async queue(batch: MessageBatch<{ id: string }>) {
    batch.ackAll();
  },
};

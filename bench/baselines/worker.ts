// The benchmarks' baselines, in the same runtime as the bridge: a bare Hono handler that reads
// the body and answers 202 (the ceiling of any ingest), and the naive bridge that forwards
// each post straight to Close's POST /contact/ and waits for it (what close-bridge replaces).
import { Hono } from "hono";

type Bindings = { CLOSE_API_BASE: string; CLOSE_API_KEY: string };

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

export default app;

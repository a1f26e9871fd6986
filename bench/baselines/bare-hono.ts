// The start-up baseline: a bare Hono Worker, one route that reads the body and answers 202.
import { Hono } from "hono";

const app = new Hono();

app.post("/", async (c) => {
  await c.req.arrayBuffer();
  return c.json({ status: "queued" }, 202);
});

export default { fetch: app.fetch };

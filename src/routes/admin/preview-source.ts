// POST /v1/admin/sources/:source/preview: the console's Try it panel. The body is a delivery as
// the sender would post it (with the sender's content type); the answer is the hook preview's
// (deliver/preview.ts): the answers, the draft and the Close requests it would make. Behind the
// admin token, so the source's own credentials are not needed; `?close=0` leaves Close alone.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { previewDelivery } from "../../deliver/preview.ts";
import { limitBody, readRawSubmission, resolvePreviewSource } from "../../receive/source.ts";

/** Registers `POST /v1/admin/sources/:source/preview`. */
export function registerPreviewSource(app: Hono<AppEnv>) {
  app.post("/v1/admin/sources/:source/preview", resolvePreviewSource, limitBody, async (c) => {
    const raw = await readRawSubmission(c);
    const close = c.req.query("close") !== "0";
    return c.json(await previewDelivery(c.env, c.get("source"), raw, { close }));
  });
}

// POST /v1/hooks/:source/preview: a dry run (deliver/preview.ts). It shows what the source made
// of a submission (the answers, the draft) and, for the admin, the exact Close requests ingest
// would send: the read-only searches are run for real, the writes are only listed. Nothing is
// stored. With `?close=0`, or with the source's own credentials, it stops at the draft and calls
// Close not at all: what Close holds about a person is for the admin, never for a sender.
import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { verifyBearerToken } from "../authenticate/admin-token.ts";
import { readSecret, type Source } from "../config/load.ts";
import { previewDelivery } from "../deliver/preview.ts";
import { BridgeError } from "../errors.ts";
import { logEvent } from "../log.ts";
import type { RawSubmission } from "../pipeline.ts";
import { authenticateSender } from "../receive/protect.ts";
import {
  limitBody,
  readRawSubmission,
  resolvePreviewSource,
  sourceCors,
} from "../receive/source.ts";

/**
 * Who may see what: the admin token sees the Close requests (and so what Close holds about the
 * person); the source's own credentials, which a sender holds (for Jotform and Fillout, a token
 * in a URL), see only what the source makes of the body. A public source needs the admin token.
 * Answers whether Close may be asked.
 */
async function authorizePreview(
  c: Context<AppEnv>,
  source: Source,
  raw: RawSubmission,
): Promise<{ close: boolean }> {
  const adminToken = readSecret(c.env, "ADMIN_TOKEN");
  if (await verifyBearerToken(c.req.header("authorization") ?? null, adminToken)) {
    return { close: true };
  }
  if (source.auth.type === "none") {
    logEvent("warn", "preview.refused", { request_id: c.get("requestId"), source: source.name });
    throw new BridgeError("unauthorized", "The preview of a public source needs the admin token.");
  }
  await authenticateSender(c, source, raw);
  return { close: false };
}

async function preview(c: Context<AppEnv>): Promise<Response> {
  const source = c.get("source");
  const raw = await readRawSubmission(c);
  const allowed = await authorizePreview(c, source, raw);
  const close = allowed.close && c.req.query("close") !== "0";
  return c.json(await previewDelivery(c.env, source, raw, { close }));
}

/** Registers `POST /v1/hooks/:source/preview`. */
export function registerPreviewRoute(app: Hono<AppEnv>) {
  app.post("/v1/hooks/:source/preview", resolvePreviewSource, sourceCors, limitBody, preview);
}

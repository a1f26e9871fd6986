// GET /v1/admin/sources: every configured source as the console lists it: preset, auth type,
// whether its secret is set (never the value), its endpoint URL, when it last recorded a
// submission, and an example delivery to try it with. Behind the admin token.
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { readSecret, requireConfig, type Source } from "../config/load.ts";
import { PRESET_EXAMPLES } from "../providers/registry.ts";
import { findLastReceived } from "../store/aggregates.ts";

/** How a source authenticates, without any secret's value. */
function describeAuth(env: Env, source: Source) {
  const auth = source.auth;
  if (auth.type === "none")
    return { type: "none", secret: null, secret_set: null, in_query: false };
  return {
    type: auth.type,
    secret: auth.secret,
    secret_set: readSecret(env, auth.secret) !== "",
    // Senders that can only set a URL put the token in it (`?token=`).
    in_query: auth.type === "token" && auth.query,
  };
}

/** Registers `GET /v1/admin/sources` (after the admin routes, whose token check covers it). */
export function registerAdminSourcesRoute(app: Hono<AppEnv>) {
  app.get("/v1/admin/sources", async (c) => {
    const config = requireConfig(c.env);
    const sources = [...config.sources.values()];
    const lastReceived = await findLastReceived(
      c.env.DB,
      sources.map((source) => source.name),
    );
    const origin = new URL(c.req.url).origin;
    return c.json({
      data: sources.map((source) => {
        const last = lastReceived.get(source.name) ?? null;
        return {
          name: source.name,
          preset: source.preset,
          mode: source.mode,
          auth: describeAuth(c.env, source),
          endpoint: `${origin}/v1/hooks/${source.name}`,
          allowed_origins: source.allowed_origins,
          turnstile: source.turnstile,
          honeypot: source.honeypot ?? null,
          last_received_at: last === null ? null : new Date(last).toISOString(),
          example: {
            content_type: PRESET_EXAMPLES[source.preset].contentType,
            body: PRESET_EXAMPLES[source.preset].body,
          },
        };
      }),
    });
  });
}

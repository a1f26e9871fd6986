// GET /v1/admin/sources: every configured source as the console lists it: preset, auth type,
// whether its secret is set (never the value), its endpoint URL, when it last recorded a
// submission and when its last post came and what became of it, an example delivery to try it with, and what is wrong with it when it is broken.
// Behind the admin token.
import type { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { parseConfig, readSecret, requireConfig, type Source } from "../../config/load.ts";
import { PRESET_EXAMPLES } from "../../providers/registry.ts";
import { findLastReceived, findLastUnrecorded, pickLastPost } from "../../store/aggregates.ts";

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

/** Registers `GET /v1/admin/sources`. */
export function registerListSources(app: Hono<AppEnv>) {
  app.get("/v1/admin/sources", async (c) => {
    // With its secrets checked (what works now), and its tables alone (what each one is, even
    // when a missing secret has broken it).
    const config = requireConfig(c.env);
    const tables = parseConfig(c.env as unknown as Record<string, unknown>).config;
    const names = [
      ...new Set([
        ...(tables?.sources.keys() ?? []),
        ...config.sources.keys(),
        ...config.broken.keys(),
      ]),
    ];
    const [lastReceived, lastUnrecorded] = await Promise.all([
      findLastReceived(c.env.DB, names),
      findLastUnrecorded(c.env.DB, names),
    ]);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const origin = new URL(c.req.url).origin;
    return c.json({
      // Problems of the whole configuration: while there are any, no source works.
      problems: config.problems,
      data: names.map((name) => {
        const source = config.sources.get(name) ?? tables?.sources.get(name);
        const broken = config.broken.get(name);
        const last = lastReceived.get(name) ?? null;
        const post = pickLastPost(last, lastUnrecorded.get(name) ?? null);
        const common = {
          name,
          status: broken || config.problems.length > 0 ? "broken" : "working",
          problems: broken?.problems ?? [],
          endpoint: `${origin}/v1/hooks/${name}`,
          last_received_at: iso(last),
          last_post: post && { ...post, at: iso(post.at) },
        };
        if (!source) return common;
        const example = PRESET_EXAMPLES[source.preset];
        return {
          ...common,
          preset: source.preset,
          mode: source.mode,
          auth: describeAuth(c.env, source),
          allowed_origins: source.allowed_origins,
          turnstile: source.turnstile,
          honeypot: source.honeypot ?? null,
          example: { content_type: example.contentType, body: example.body },
        };
      }),
    });
  });
}

// Cloudflare Turnstile's siteverify, for development and tests (outside /api/v1: no Close
// auth, rate limit, faults or request log). It answers Cloudflare's documented dummy secrets
// and token as Cloudflare does, plus development tokens that pass, fail or expire with any
// secret. https://developers.cloudflare.com/turnstile/troubleshooting/testing/ and
// https://developers.cloudflare.com/turnstile/get-started/server-side-validation/
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { SIMULATOR_PREFIX } from "./simulator.ts";

/** Where siteverify lives, as on challenges.cloudflare.com. */
export const SITEVERIFY_PATH = "/turnstile/v0/siteverify";

/** The token Cloudflare's test sitekeys produce; only the test secrets accept it. */
export const DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";

/** Cloudflare's test secret keys and what each always answers. */
export const TEST_SECRETS = {
  /** Always passes (with the dummy token; Cloudflare's test secrets reject real tokens). */
  pass: "1x0000000000000000000000000000000AA",
  /** Always fails: `invalid-input-response`. */
  fail: "2x0000000000000000000000000000000AA",
  /** Always "token already spent": `timeout-or-duplicate`. */
  spent: "3x0000000000000000000000000000000AA",
} as const;

// Development tokens, with any secret: `test-pass`, `test-fail`, `test-expired`, each
// optionally followed by `-<anything>` so that tests can use a fresh passing token each time.
const DEVELOPMENT_TOKEN = /^test-(pass|fail|expired)(?:-.*)?$/s;

// Spent passing tokens are remembered (like Cloudflare's "validated only once") up to this
// many; the oldest is forgotten first.
const MAX_SPENT = 10_000;

/** Siteverify's answer body. */
export type SiteverifyAnswer =
  | {
      success: true;
      challenge_ts: string;
      hostname: string;
      "error-codes": [];
      action: string;
      cdata: string;
    }
  | { success: false; "error-codes": string[] };

function refused(...codes: string[]): SiteverifyAnswer {
  return { success: false, "error-codes": codes };
}

function passed(): SiteverifyAnswer {
  return {
    success: true,
    challenge_ts: new Date().toISOString(),
    hostname: "localhost",
    "error-codes": [],
    action: "",
    cdata: "",
  };
}

/** Decides siteverify's answer; `spent` holds the development tokens already validated. */
export function answerSiteverify(
  secret: string | undefined,
  token: string | undefined,
  spent: Set<string>,
): SiteverifyAnswer {
  const missing = [
    ...(secret ? [] : ["missing-input-secret"]),
    ...(token ? [] : ["missing-input-response"]),
  ];
  if (missing.length > 0 || secret === undefined || token === undefined) return refused(...missing);

  const development = DEVELOPMENT_TOKEN.exec(token)?.[1];
  if (development === "fail") return refused("invalid-input-response");
  if (development === "expired") return refused("timeout-or-duplicate");
  if (development === "pass") {
    if (spent.has(token)) return refused("timeout-or-duplicate");
    spent.add(token);
    if (spent.size > MAX_SPENT) {
      const oldest = spent.values().next().value;
      if (oldest !== undefined) spent.delete(oldest);
    }
    return passed();
  }

  switch (secret) {
    case TEST_SECRETS.pass:
      return token === DUMMY_TOKEN ? passed() : refused("invalid-input-response");
    case TEST_SECRETS.fail:
      return refused("invalid-input-response");
    case TEST_SECRETS.spent:
      return refused("timeout-or-duplicate");
    default:
      // A real secret rejects the dummy token, and the simulator can mint no real token.
      return refused("invalid-input-response");
  }
}

/** Reads `secret` and `response` from a form-encoded, multipart or JSON body; null if unreadable. */
async function readSiteverifyFields(
  request: Request,
): Promise<{ secret: string | undefined; token: string | undefined } | null> {
  const type = request.headers.get("Content-Type") ?? "";
  let fields: Record<string, unknown>;
  if (/^application\/json/i.test(type)) {
    const parsed: unknown = await request.json().catch(() => null);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    fields = parsed as Record<string, unknown>;
  } else if (/^multipart\/form-data/i.test(type)) {
    const form = await request.formData().catch(() => null);
    if (form === null) return null;
    fields = Object.fromEntries(form.entries());
  } else {
    // Form-encoded (what `curl --data` sends), decoded from bytes whatever the Content-Type says.
    const encoded = new TextDecoder().decode(await request.arrayBuffer());
    fields = Object.fromEntries(new URLSearchParams(encoded));
  }
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return { secret: text(fields.secret), token: text(fields.response) };
}

/** Registers `POST /turnstile/v0/siteverify`; `POST /__sim/reset` also forgets spent tokens. */
export function registerTurnstileRoutes(app: Hono<AppEnv>): void {
  // Per Organization instance: the Durable Object is the one simulator every request reaches.
  const spent = new Set<string>();

  // Registered before the test-only routes, so that it wraps the reset handler.
  app.use(`${SIMULATOR_PREFIX}/reset`, async (c, next) => {
    await next();
    if (c.req.method === "POST" && c.res.ok) spent.clear();
  });

  app.post(SITEVERIFY_PATH, async (c) => {
    const fields = await readSiteverifyFields(c.req.raw);
    if (fields === null) return c.json(refused("bad-request"));
    return c.json(answerSiteverify(fields.secret, fields.token, spent));
  });
}

// The one configuration schema (SPEC section 3): `[vars]` and every `[vars.SOURCES.<name>]`
// table of wrangler.toml. The Worker parses it once per isolate and `npm run check` parses
// wrangler.toml with it, so a mistake is caught before deploy and named precisely at run time.
import { isSupportedCountry } from "libphonenumber-js/min";
import { z } from "zod";

/** The presets that turn a sender's payload into a flat record of answers. */
export const PresetName = z.enum([
  "form",
  "json",
  "typeform",
  "tally",
  "webflow",
  "jotform",
  "fillout",
  "framer",
  "calendly",
  "cal_com",
  "hubspot",
  "standard_webhooks",
]);
export type PresetName = z.infer<typeof PresetName>;

/** Signature schemes with fixed rules, named after the sender that signs that way. */
export const SignatureSchemeName = z.enum([
  "typeform",
  "tally",
  "webflow",
  "calendly",
  "cal_com",
  "framer",
  "hubspot",
  "standard_webhooks",
]);
export type SignatureSchemeName = z.infer<typeof SignatureSchemeName>;

/** The name of a Worker secret (`wrangler secret put NAME`); secrets are never inline. */
export const SecretName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, "must name a Worker secret in capitals, like TYPEFORM_SECRET");

const toleranceSeconds = z.number().int().min(1).max(3600).default(300);

const NoAuth = z.strictObject({ type: z.literal("none") });

const TokenAuth = z.strictObject({
  type: z.literal("token"),
  secret: SecretName,
  /** Also accept `?token=<t>`, for senders that can only set a URL (Jotform). */
  query: z.boolean().default(false),
});

const BasicAuth = z.strictObject({
  type: z.literal("basic"),
  /** A secret holding `user:password`. */
  secret: SecretName,
});

const HmacAuth = z
  .strictObject({
    type: z.literal("hmac"),
    secret: SecretName,
    algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha256"),
    header: z.string().min(1),
    encoding: z.enum(["hex", "base64"]).default("hex"),
    /** Text before the signature in the header, such as `sha256=`. */
    prefix: z.string().default(""),
    /** What is signed: the raw body, or `<timestamp><separator><raw body>`. */
    signed: z.enum(["body", "timestamp.body"]).default("body"),
    timestamp_header: z.string().min(1).optional(),
    timestamp_unit: z.enum(["s", "ms"]).default("s"),
    separator: z.string().default("."),
    tolerance_s: toleranceSeconds,
  })
  .refine((auth) => auth.signed === "body" || auth.timestamp_header !== undefined, {
    message: 'signed = "timestamp.body" needs timestamp_header',
    path: ["timestamp_header"],
  });

const SchemeAuth = z.strictObject({
  type: SignatureSchemeName,
  secret: SecretName,
  tolerance_s: toleranceSeconds,
});

/** How a source proves who sent a submission. */
export const AuthConfig = z.union([NoAuth, TokenAuth, BasicAuth, HmacAuth, SchemeAuth]);
export type AuthConfig = z.infer<typeof AuthConfig>;

const FIXED_TARGETS = new Set([
  "name",
  "first_name",
  "last_name",
  "title",
  "email",
  "emails",
  "phone",
  "phones",
  "url",
  "urls",
  "company",
  "note",
  "timezone",
  "lead.url",
  "lead.description",
]);
const CUSTOM_TARGET = /^(lead\.)?custom\.cf_[A-Za-z0-9]+$/;

/** A path into the extracted record: `email`, `contact.emails[0]`, `query.utm_source`. */
export const FieldPath = z.string().trim().min(1).max(500);

/** Where each contact field comes from: a path, or a list of paths (first non-empty wins). */
export const FieldMap = z
  .record(z.string(), z.union([FieldPath, z.array(FieldPath).min(1).max(20)]))
  .superRefine((fields, ctx) => {
    for (const target of Object.keys(fields)) {
      if (!FIXED_TARGETS.has(target) && !CUSTOM_TARGET.test(target)) {
        ctx.addIssue({
          code: "custom",
          path: [target],
          message: `is not a contact field; use one of ${[...FIXED_TARGETS].join(", ")}, custom.cf_<id> or lead.custom.cf_<id>`,
        });
      }
    }
  })
  .transform((fields) => {
    const normalized: Record<string, string[]> = {};
    for (const [target, paths] of Object.entries(fields)) {
      normalized[target] = Array.isArray(paths) ? paths : [paths];
    }
    return normalized;
  });
export type FieldMap = z.infer<typeof FieldMap>;

const Origin = z.string().refine((value) => {
  try {
    return new URL(value).origin === value.replace(/\/$/, "");
  } catch {
    return false;
  }
}, "must be an origin such as https://example.com (scheme, host and port; no path)");

const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be a two-letter country code in capitals, like US or DE")
  .refine((code) => isSupportedCountry(code), "is not a country libphonenumber knows");

const AbsoluteUrl = z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" });

/** One source: `[vars.SOURCES.<name>]`, answering `POST /v1/hooks/<name>`. */
export const SourceConfig = z
  .strictObject({
    preset: PresetName,
    auth: AuthConfig.optional(),
    allowed_origins: z.array(Origin).max(50).default([]),
    allow_missing_origin: z.boolean().default(false),
    honeypot: z.string().min(1).max(100).optional(),
    turnstile: z.boolean().default(false),
    /** Per-IP rate limit through a rate-limiting binding: `true` means `RATE_LIMITER`. */
    rate_limit: z
      .union([z.boolean(), SecretName])
      .default(false)
      .transform((value) =>
        value === true ? "RATE_LIMITER" : value === false ? undefined : value,
      ),
    allow_unprotected: z.boolean().default(false),
    redirect: AbsoluteUrl.optional(),
    error_redirect: AbsoluteUrl.optional(),
    mode: z.enum(["queue", "sync"]).default("queue"),
    default_country: CountryCode.default("US"),
    invalid_phone: z.enum(["reject", "drop", "keep"]).default("drop"),
    on_duplicate: z.enum(["update", "skip", "create"]).default("update"),
    lead: z
      .union([
        z.enum(["by_company", "new"]),
        z.string().regex(/^lead_[A-Za-z0-9]+$/, 'must be "by_company", "new" or a lead id'),
      ])
      .default("by_company"),
    fields: FieldMap.default({}),
    email_type: z.string().min(1).max(50).default("office"),
    phone_type: z.string().min(1).max(50).default("office"),
    url_type: z.string().min(1).max(50).default("url"),
    files: z.enum(["refuse", "ignore"]).default("refuse"),
    max_body_kb: z.number().int().min(1).max(1024).default(64),
    /** For the `json` preset: the path of the sender's event id, used as the dedupe key. */
    dedupe_key: FieldPath.optional(),
    /** Without a dedupe key, identical bodies within this many seconds are one submission. */
    dedupe_window_s: z.number().int().min(1).max(604_800).optional(),
    /** The sender's event types that create contacts; others are answered `ignored`. */
    events: z.array(z.string().min(1)).optional(),
    max_retries: z.number().int().min(0).max(100).default(10),
  })
  .superRefine((source, ctx) => {
    const unprotected =
      (source.auth === undefined || source.auth.type === "none") &&
      source.allowed_origins.length === 0 &&
      !source.turnstile &&
      source.honeypot === undefined;
    if (unprotected && !source.allow_unprotected && !PRESET_SIGNATURES[source.preset]) {
      ctx.addIssue({
        code: "custom",
        path: ["auth"],
        message:
          "anyone could write to Close through this source: set auth, or for a browser form allowed_origins, turnstile or honeypot (or allow_unprotected = true if that is really meant)",
      });
    }
    if (source.error_redirect !== undefined && source.redirect === undefined) {
      ctx.addIssue({ code: "custom", path: ["error_redirect"], message: "needs redirect too" });
    }
  });
export type SourceConfigInput = z.input<typeof SourceConfig>;

/** The signature scheme each preset's sender signs with: a source's `auth` when it sets none. */
export const PRESET_SIGNATURES: Record<PresetName, SignatureSchemeName | undefined> = {
  form: undefined,
  json: undefined,
  typeform: "typeform",
  tally: "tally",
  webflow: "webflow",
  jotform: undefined,
  fillout: undefined,
  framer: "framer",
  calendly: "calendly",
  cal_com: "cal_com",
  hubspot: "hubspot",
  standard_webhooks: "standard_webhooks",
};

/** A source name: the `:source` of `POST /v1/hooks/:source`. */
export const SourceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be lowercase letters, digits, - and _");

/** The `[vars]` of wrangler.toml the bridge reads. Other vars are left alone. */
export const VarsConfig = z.object({
  CLOSE_API_BASE: AbsoluteUrl.default("https://api.close.com/api/v1").transform((url) =>
    url.replace(/\/+$/, ""),
  ),
  CLOSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** The first retry's delay; each next one doubles it (with jitter), up to 12 hours. */
  RETRY_BASE_S: z.coerce.number().int().min(1).max(3600).default(60),
  TURNSTILE_VERIFY_URL: AbsoluteUrl.default(
    "https://challenges.cloudflare.com/turnstile/v0/siteverify",
  ),
  SOURCES: z.record(SourceName, SourceConfig).default({}),
});
export type VarsConfig = z.infer<typeof VarsConfig>;

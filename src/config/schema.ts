// The one configuration schema (SPEC section 3): `[vars]` and every `[vars.SOURCES.<name>]`
// table of wrangler.toml. The Worker parses it once per isolate and `npm run check` parses
// wrangler.toml with it, so a mistake is caught before deploy and named precisely at run time.
import type { CountryCode as PhoneCountry } from "libphonenumber-js/core";
import { HeaderName } from "../authenticate/header-name.ts";
import { checkTimestampHeader, HMAC_RULE_OPTIONS } from "../authenticate/schemes/hmac.ts";
import { suggestClosest } from "../closest.ts";
import { scanPath } from "../extract/path.ts";
import { isPhoneCountry } from "../map/phone.ts";
import {
  ActivityOptions,
  ConsentOptions,
  LeadRouting,
  NO_LEAD_ROUTING,
  OpportunityOptions,
  OwnerOptions,
  type SourceRouting,
  TaskOptions,
} from "../map/routing.ts";
import { PRESETS, presetSignature, SIGNATURE_SCHEMES } from "../providers/registry.ts";
import * as z from "../zod.ts";
import { AlertsConfig } from "./alerts.ts";

/** The names a registry's entries go by, as `z.enum` takes them. */
function namesOf<K extends string>(registry: Record<K, unknown>): [K, ...K[]] {
  return Object.keys(registry) as [K, ...K[]];
}

/** The presets that turn a sender's payload into a flat record of answers (providers/registry.ts). */
export const PresetName = z.deferred(() => z.enum(namesOf(PRESETS)));

/** Signature schemes with fixed rules, named after the sender that signs that way. */
export const SignatureSchemeName = z.deferred(() => z.enum(namesOf(SIGNATURE_SCHEMES)));

/** The name of a Worker secret (`wrangler secret put NAME`); secrets are never inline. */
export const SecretName = z.deferred(() =>
  z
    .string()
    .check(
      z.regex(/^[A-Z][A-Z0-9_]*$/, "must name a Worker secret in capitals, like TYPEFORM_SECRET"),
    ),
);

/** A whole number from `min` to `max` (a TOML integer). */
function wholeNumber(min: number, max: number) {
  return z.number().check(z.int(), z.minimum(min), z.maximum(max));
}

/** A whole number from `min` to `max` in a plain `[vars]` value, which may be a string. */
function wholeNumberVar(min: number, max: number) {
  return z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));
}

/** A string of `min` to `max` characters. */
function text(min: number, max: number) {
  return z.string().check(z.minLength(min), z.maxLength(max));
}

const toleranceSeconds = z.deferred(() => z._default(wholeNumber(1, 3600), 300));

const NoAuth = z.deferred(() => z.strictObject({ type: z.literal("none") }));

const TokenAuth = z.deferred(() =>
  z.strictObject({
    type: z.literal("token"),
    secret: SecretName,
    /** The header that carries the token as is (`X-Api-Key`), instead of Authorization: Bearer. */
    header: z.optional(HeaderName),
    /** Also accept `?token=<t>`, for senders that can only set a URL (Jotform). */
    query: z._default(z.boolean(), false),
  }),
);

const BasicAuth = z.deferred(() =>
  z.strictObject({
    type: z.literal("basic"),
    /** A secret holding `user:password`. */
    secret: SecretName,
  }),
);

const HmacAuth = z.deferred(() =>
  z
    .strictObject({
      type: z.literal("hmac"),
      secret: SecretName,
      ...HMAC_RULE_OPTIONS,
      tolerance_s: toleranceSeconds,
    })
    .check(checkTimestampHeader),
);

const SchemeAuth = z.deferred(() =>
  z.strictObject({
    type: SignatureSchemeName,
    secret: SecretName,
    tolerance_s: toleranceSeconds,
  }),
);

/** How a source proves who sent a submission; `type` picks the options that apply. */
export const AuthConfig = z.deferred(() =>
  z.discriminatedUnion("type", [NoAuth, TokenAuth, BasicAuth, HmacAuth, SchemeAuth]),
);
export type AuthConfig = z.infer<typeof AuthConfig>;

let signatureAuthTypes: ReadonlySet<string> | undefined;

/** Whether the sender signs each delivery (`hmac` or a sender's scheme), not a token or nothing. */
export function isSignatureAuth(auth: AuthConfig): boolean {
  signatureAuthTypes ??= new Set(["hmac", ...SignatureSchemeName.options]);
  return signatureAuthTypes.has(auth.type);
}

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
export const FieldPath = z.deferred(() =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(500),
    z.superRefine((path, ctx) => {
      const { problem } = scanPath(path);
      if (problem === undefined) return;
      ctx.addIssue({
        code: "custom",
        input: path,
        message: `"${path}" is not a valid path: it ${problem} (write a name with dots or brackets in it as ["${path.replace(/(["\\])/g, "\\$1")}"])`,
      });
    }),
  ),
);

/** Where each contact field comes from: a path, or a list of paths (first non-empty wins). */
export const FieldMap = z.deferred(() =>
  z.pipe(
    z
      .record(
        z.string(),
        z.union([FieldPath, z.array(FieldPath).check(z.minLength(1), z.maxLength(20))]),
      )
      .check(
        z.superRefine((fields, ctx) => {
          for (const target of Object.keys(fields)) {
            if (!FIXED_TARGETS.has(target) && !CUSTOM_TARGET.test(target)) {
              ctx.addIssue({
                code: "custom",
                path: [target],
                message: `is not a contact field${suggestClosest(target, FIXED_TARGETS)}; use one of ${[...FIXED_TARGETS].join(", ")}, custom.cf_<id> or lead.custom.cf_<id>`,
              });
            }
          }
        }),
      ),
    z.transform((fields: Record<string, string | string[]>) => {
      const normalized: Record<string, string[]> = {};
      for (const [target, paths] of Object.entries(fields)) {
        normalized[target] = Array.isArray(paths) ? paths : [paths];
      }
      return normalized;
    }),
  ),
);
export type FieldMap = z.infer<typeof FieldMap>;

/** Scheme, host and optional port, perhaps with a trailing slash: nothing a URL adds after them. */
const ORIGIN_LIKE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\\]+\/?$/i;

// Stored as the browser sends it in `Origin` (lower-case scheme and host, no default port, no
// trailing slash), so that the origin check and CORS compare the header with the list as is.
const Origin = z.deferred(() =>
  z.pipe(
    z
      .string()
      .check(
        z.refine(
          (value) =>
            ORIGIN_LIKE.test(value) && URL.canParse(value) && new URL(value).origin !== "null",
          "must be an origin such as https://example.com (scheme, host and port; no path)",
        ),
      ),
    z.transform((value: string) => new URL(value).origin),
  ),
);

// The refine proves the code is one of libphonenumber's, so the type says so: classic zod's
// `.refine` narrowed it through the type guard, a mini check keeps `string`.
const CountryCode = z.deferred(
  () =>
    z.string().check(
      z.regex(/^[A-Z]{2}$/, "must be a two-letter country code in capitals, like US or DE"),
      z.refine((code) => isPhoneCountry(code), "is not a country libphonenumber knows"),
    ) as z.ZodMiniType<PhoneCountry, string>,
);

const AbsoluteUrl = z.deferred(() =>
  z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }),
);

/** Which lead a contact joins: its company's (by name), always a new one, or a fixed one. */
const LeadMatch = z.deferred(() =>
  z.union([
    z.enum(["by_company", "new"]),
    z.string().check(z.regex(/^lead_[A-Za-z0-9]+$/, 'must be "by_company", "new" or a lead id')),
  ]),
);

/** `lead` as a table: which lead (`match`) and the routing of new leads (map/routing.ts). */
const LeadTable = z.deferred(() =>
  z.extend(LeadRouting, { match: z._default(LeadMatch, "by_company") }),
);

/** One source's table as written. */
const SourceTable = z.deferred(() =>
  z
    .strictObject({
      preset: PresetName,
      auth: z.optional(AuthConfig),
      allowed_origins: z._default(z.array(Origin).check(z.maxLength(50)), []),
      allow_missing_origin: z._default(z.boolean(), false),
      honeypot: z.optional(text(1, 100)),
      turnstile: z._default(z.boolean(), false),
      /** Per-IP rate limit through a rate-limiting binding: `true` means `RATE_LIMITER`. */
      rate_limit: z.pipe(
        z._default(
          z.union(
            [
              z.boolean(),
              z
                .string()
                .check(
                  z.regex(
                    /^[A-Z][A-Z0-9_]*$/,
                    "must be true, false or the name of a [[ratelimits]] binding in capitals, like RATE_LIMITER",
                  ),
                ),
            ],
            {
              error:
                "must be true, false or the name of a [[ratelimits]] binding, like RATE_LIMITER",
            },
          ),
          false,
        ),
        z.transform((value: boolean | string) =>
          value === true ? "RATE_LIMITER" : value === false ? undefined : value,
        ),
      ),
      allow_unprotected: z._default(z.boolean(), false),
      redirect: z.optional(AbsoluteUrl),
      error_redirect: z.optional(AbsoluteUrl),
      mode: z._default(z.enum(["queue", "sync"]), "queue"),
      default_country: z._default(CountryCode, "US"),
      invalid_phone: z._default(z.enum(["reject", "drop", "keep"]), "drop"),
      on_duplicate: z._default(z.enum(["update", "skip", "create"]), "update"),
      /** Which lead: `"by_company"`, `"new"`, a lead id, or a table with `match` and routing. */
      lead: z._default(z.union([LeadMatch, LeadTable]), "by_company"),
      owner: z.optional(OwnerOptions),
      task: z.optional(TaskOptions),
      activity: z.optional(ActivityOptions),
      opportunity: z.optional(OpportunityOptions),
      consent: z.optional(ConsentOptions),
      fields: z._default(FieldMap, {}),
      email_type: z._default(text(1, 50), "office"),
      phone_type: z._default(text(1, 50), "office"),
      url_type: z._default(text(1, 50), "url"),
      files: z._default(z.enum(["refuse", "ignore"]), "refuse"),
      max_body_kb: z._default(wholeNumber(1, 1024), 64),
      /** For the `json` preset: the path of the sender's event id, used as the dedupe key. */
      dedupe_key: z.optional(FieldPath),
      /** Without a dedupe key, identical bodies within this many seconds are one submission. */
      dedupe_window_s: z.optional(wholeNumber(1, 604_800)),
      /** The sender's event types that create contacts; others are answered `ignored`. */
      events: z.optional(z.array(z.string().check(z.minLength(1)))),
      max_retries: z._default(wholeNumber(0, 100), 10),
    })
    .check(
      z.superRefine((source, ctx) => {
        // A signing preset protects the source only when its scheme is left as the auth.
        const authType = source.auth?.type ?? presetSignature(source.preset) ?? "none";
        const unprotected =
          authType === "none" &&
          source.allowed_origins.length === 0 &&
          !source.turnstile &&
          source.honeypot === undefined;
        if (unprotected && !source.allow_unprotected) {
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
      }),
    ),
);

type SourceTable = z.infer<typeof SourceTable>;

/** The source with `lead` as which lead, and everything it routes in Close as `routing`. */
function gatherRouting(table: SourceTable) {
  const { lead, owner, task, activity, opportunity, consent, ...rest } = table;
  const { match, ...leadRouting } =
    typeof lead === "string" ? { ...NO_LEAD_ROUTING, match: lead } : lead;
  const routing: SourceRouting = {
    lead: leadRouting,
    ...(owner ? { owner } : {}),
    ...(task ? { task } : {}),
    ...(activity ? { activity } : {}),
    ...(opportunity ? { opportunity } : {}),
    ...(consent ? { consent } : {}),
  };
  return { ...rest, lead: match, routing };
}

/** One source: `[vars.SOURCES.<name>]`, answering `POST /v1/hooks/<name>`. */
export const SourceConfig = z.deferred(() => z.pipe(SourceTable, z.transform(gatherRouting)));
export type SourceConfigInput = z.input<typeof SourceConfig>;

/** A source name: the `:source` of `POST /v1/hooks/:source`. */
export const SourceName = z.deferred(() =>
  z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be lowercase letters, digits, - and _")),
);

/**
 * Where a browser form of a source whose table is broken is sent: its own `error_redirect`,
 * when the table has a usable one (and a `redirect`, as a valid source needs).
 */
export function readErrorRedirect(table: unknown): string | undefined {
  if (table === null || typeof table !== "object") return undefined;
  const { redirect, error_redirect } = table as Record<string, unknown>;
  const usable = AbsoluteUrl.safeParse(redirect).success;
  const target = AbsoluteUrl.safeParse(error_redirect);
  return usable && target.success ? target.data : undefined;
}

/** The `[vars]` of wrangler.toml the bridge reads besides `SOURCES`. Other vars are left alone. */
export const BridgeVars = z.deferred(() =>
  z
    .object({
      CLOSE_API_BASE: z.pipe(
        z._default(AbsoluteUrl, "https://api.close.com/api/v1"),
        z.transform((url: string) => url.replace(/\/+$/, "")),
      ),
      CLOSE_TIMEOUT_MS: z._default(wholeNumberVar(100, 60_000), 10_000),
      RETENTION_DAYS: z._default(wholeNumberVar(1, 3650), 30),
      /** The first retry's delay; each next one doubles it (with jitter), up to 12 hours. */
      RETRY_BASE_S: z._default(wholeNumberVar(1, 3600), 60),
      /** How long after a write whose answer was lost Close's search is trusted to show it. */
      SEARCH_SETTLE_S: z._default(wholeNumberVar(0, 3600), 60),
      /** How long a delivery holds its submission; a crashed one is taken over after it. */
      DELIVERY_LEASE_S: z._default(wholeNumberVar(10, 3600), 960),
      TURNSTILE_VERIFY_URL: z._default(
        AbsoluteUrl,
        "https://challenges.cloudflare.com/turnstile/v0/siteverify",
      ),
      /** Incident alerts and thresholds (alerts.ts). */
      ALERTS: z.prefault(AlertsConfig, {}),
      /** The console's address, linked from every alert (`https://<worker>.workers.dev/admin`). */
      CONSOLE_URL: z.optional(AbsoluteUrl),
    })
    .check(
      z.refine(
        (vars) =>
          vars.DELIVERY_LEASE_S * 1000 >=
          vars.SEARCH_SETTLE_S * 1000 + vars.CLOSE_TIMEOUT_MS + 5000,
        {
          message:
            "must be at least SEARCH_SETTLE_S plus CLOSE_TIMEOUT_MS plus 5 s: a delivery sends nothing to Close in the last SEARCH_SETTLE_S + CLOSE_TIMEOUT_MS of its lease",
          path: ["DELIVERY_LEASE_S"],
        },
      ),
    ),
);
export type BridgeVars = z.infer<typeof BridgeVars>;

/**
 * `SOURCES`: one table per source. Each table is parsed with `SourceConfig` on its own, so that
 * a broken source is reported (and refused) alone while the others keep working.
 */
export const SourcesTable = z.deferred(() =>
  z._default(z.record(z.string(), z.unknown(), { error: "must be a table of sources" }), {}),
);

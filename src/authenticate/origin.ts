// The origin allow-list for public browser forms: a post must come from a listed site, read
// from `Origin`, or from `Referer` when a browser sent no `Origin`. It only keeps other sites'
// pages from posting through a visitor's browser; scripts can forge both headers, which is
// why forms also get a honeypot, Turnstile and a per-IP rate limit.
import { ACCEPTED, type AuthCheck, refuse } from "./types.ts";

/** The parts of a source's configuration this check reads. */
export type OriginPolicy = { allowed_origins: string[]; allow_missing_origin: boolean };

function originOf(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const origin = new URL(value).origin;
  // Opaque origins (`null`, file:, data:) never match a listed site.
  return origin === "null" ? null : origin;
}

// Each policy's origins as a set, read once (a source's policy lives as long as its isolate's
// configuration).
const allowedSets = new WeakMap<OriginPolicy, ReadonlySet<string | null>>();

function allowedOriginsOf(source: OriginPolicy): ReadonlySet<string | null> {
  let allowed = allowedSets.get(source);
  if (allowed === undefined) {
    allowed = new Set(source.allowed_origins.map((listed) => originOf(listed)));
    allowedSets.set(source, allowed);
  }
  return allowed;
}

/** Checks that the request comes from one of the source's allowed origins (an empty list passes). */
export function checkOrigin(source: OriginPolicy, headers: Headers): AuthCheck {
  if (source.allowed_origins.length === 0) return ACCEPTED;
  const allowed = allowedOriginsOf(source);

  const origin = headers.get("Origin")?.trim();
  const referer = headers.get("Referer")?.trim();
  if (!origin && !referer) {
    return source.allow_missing_origin ? ACCEPTED : refuse("neither Origin nor Referer sent");
  }
  // A browser's Origin is usually already in the listed form: no need to parse it then.
  if (origin && allowed.has(origin)) return ACCEPTED;
  const claimed = origin ? originOf(origin) : originOf(referer ?? "");
  const header = origin ? "Origin" : "Referer";
  if (claimed === null) return refuse(`${header} is not a site origin`);
  return allowed.has(claimed) ? ACCEPTED : refuse(`${header} ${claimed} is not allowed`);
}

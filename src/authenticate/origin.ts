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

/** Checks that the request comes from one of the source's allowed origins (an empty list passes). */
export function checkOrigin(source: OriginPolicy, headers: Headers): AuthCheck {
  if (source.allowed_origins.length === 0) return ACCEPTED;
  const allowed = new Set(source.allowed_origins.map((listed) => originOf(listed)));

  const origin = headers.get("Origin")?.trim();
  const referer = headers.get("Referer")?.trim();
  if (!origin && !referer) {
    return source.allow_missing_origin ? ACCEPTED : refuse("neither Origin nor Referer sent");
  }
  const claimed = origin ? originOf(origin) : originOf(referer ?? "");
  const header = origin ? "Origin" : "Referer";
  if (claimed === null) return refuse(`${header} is not a site origin`);
  return allowed.has(claimed) ? ACCEPTED : refuse(`${header} ${claimed} is not allowed`);
}

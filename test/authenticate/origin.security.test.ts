// The origin allow-list of public browser forms: a post from a listed site passes (read from
// Origin, else from Referer); an unlisted or unreadable origin is refused; a post with
// neither header is refused unless the source allows it; an empty list leaves it to others.
import { describe, expect, it } from "vitest";
import { checkOrigin } from "../../src/authenticate/origin.ts";

const SITE = {
  allowed_origins: ["https://example.com", "http://localhost:8789/"],
  allow_missing_origin: false,
};
const LENIENT = { ...SITE, allow_missing_origin: true };

const check = (headers: Record<string, string>, source = SITE) =>
  checkOrigin(source, new Headers(headers));

describe("a form post", () => {
  it.each<[string, Record<string, string>]>([
    ["a listed Origin", { Origin: "https://example.com" }],
    ["a listed Origin in other letter case", { Origin: "https://EXAMPLE.com" }],
    ["a listed origin configured with a trailing slash", { Origin: "http://localhost:8789" }],
    [
      "no Origin and a Referer on a listed site",
      { Referer: "https://example.com/contact?x=1#form" },
    ],
  ])("passes from %s", (_, headers) => {
    expect(check(headers)).toEqual({ ok: true });
  });

  it.each<[string, Record<string, string>]>([
    ["an unlisted Origin", { Origin: "https://evil.example" }],
    ["a look-alike subdomain", { Origin: "https://example.com.evil.example" }],
    ["another scheme", { Origin: "http://example.com" }],
    ["another port", { Origin: "https://example.com:8443" }],
    ["an opaque Origin (null)", { Origin: "null" }],
    ["an unreadable Origin", { Origin: "not a url" }],
    [
      "no Origin and a Referer on an unlisted site",
      { Referer: "https://evil.example/https://example.com" },
    ],
    ["no Origin and an unreadable Referer", { Referer: "::" }],
    [
      "an unlisted Origin even with a listed Referer",
      { Origin: "https://evil.example", Referer: "https://example.com/" },
    ],
  ])("is refused from %s", (_, headers) => {
    expect(check(headers).ok).toBe(false);
  });

  it("is refused with neither Origin nor Referer", () => {
    expect(check({})).toEqual({ ok: false, reason: expect.stringMatching(/neither/) });
  });

  it("passes with neither header where the source sets allow_missing_origin", () => {
    expect(check({}, LENIENT)).toEqual({ ok: true });
  });

  it("is still refused from an unlisted Origin where allow_missing_origin is set", () => {
    expect(check({ Origin: "https://evil.example" }, LENIENT).ok).toBe(false);
  });

  it("passes anything when the source lists no origins (it is protected otherwise)", () => {
    const open = { allowed_origins: [], allow_missing_origin: false };
    expect(check({}, open)).toEqual({ ok: true });
    expect(check({ Origin: "https://evil.example" }, open)).toEqual({ ok: true });
  });
});

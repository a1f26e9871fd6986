// Shared-secret senders (Zapier, Make, Jotform, scripts): the right token or Basic password
// passes; a wrong, partial, missing or misplaced one is refused; `?token=` only where allowed.
import { describe, expect, it } from "vitest";
import { verifyBearerToken } from "../../src/authenticate/admin-token.ts";
import { equalSecrets } from "../../src/authenticate/compare.ts";
import { verifyRequest } from "../../src/authenticate/signatures.ts";
import { AuthConfig } from "../../src/config/schema.ts";
import { basicHeaders, bearerHeaders } from "./sign.ts";

const TOKEN = "zap-token-0123456789abcdef";
const BASIC = "zapier:pass:word";
const SECRETS: Record<string, string> = { ZAPIER_TOKEN: TOKEN, BASIC_SECRET: BASIC };
const URL_ = "https://bridge.example.com/v1/hooks/zapier";

function check(auth: AuthConfig, headers: Record<string, string>, url = URL_) {
  const request = { method: "POST", url, headers: new Headers(headers), body: new Uint8Array() };
  return verifyRequest(auth, request, (name) => SECRETS[name] ?? "", Date.now());
}

describe("a token source that names its header", () => {
  const auth = AuthConfig.parse({ type: "token", secret: "ZAPIER_TOKEN", header: "X-Api-Key" });

  it("passes with the token in that header, whatever its case", async () => {
    expect(await check(auth, { "X-Api-Key": TOKEN })).toEqual({ ok: true });
    expect(await check(auth, { "x-api-key": ` ${TOKEN} ` })).toEqual({ ok: true });
  });

  it.each<[string, Record<string, string>]>([
    ["a wrong token in it", { "X-Api-Key": "nope" }],
    ["the token in Authorization: Bearer instead", bearerHeaders(TOKEN)],
    ["the token in X-Bridge-Token instead", { "X-Bridge-Token": TOKEN }],
    ["nothing", {}],
  ])("is refused with %s", async (_, headers) => {
    expect((await check(auth, headers)).ok).toBe(false);
  });

  it("reads a Bearer token when the header named is Authorization", async () => {
    const bearer = AuthConfig.parse({
      type: "token",
      secret: "ZAPIER_TOKEN",
      header: "Authorization",
    });
    expect(await check(bearer, bearerHeaders(TOKEN))).toEqual({ ok: true });
    expect((await check(bearer, { Authorization: TOKEN })).ok).toBe(false);
  });
});

describe("a token source", () => {
  const auth = AuthConfig.parse({ type: "token", secret: "ZAPIER_TOKEN" });
  const withQuery = AuthConfig.parse({ type: "token", secret: "ZAPIER_TOKEN", query: true });

  it.each<[string, Record<string, string>]>([
    ["Authorization: Bearer", bearerHeaders(TOKEN)],
    ["a lowercase bearer scheme", { authorization: `bearer ${TOKEN}` }],
    ["X-Bridge-Token", { "X-Bridge-Token": TOKEN }],
    [
      "the right X-Bridge-Token next to a wrong Bearer",
      { ...bearerHeaders("nope"), "X-Bridge-Token": TOKEN },
    ],
  ])("passes with the right token in %s", async (_, headers) => {
    expect(await check(auth, headers)).toEqual({ ok: true });
  });

  it.each<[string, Record<string, string>]>([
    ["no token", {}],
    ["a wrong token", bearerHeaders("zap-token-0123456789abcdeX")],
    ["a prefix of the token", bearerHeaders(TOKEN.slice(0, -1))],
    ["the token with more after it", bearerHeaders(`${TOKEN}0`)],
    ["the token as Basic credentials", basicHeaders(TOKEN, "")],
    ["the token without a scheme", { Authorization: TOKEN }],
    ["an empty X-Bridge-Token", { "X-Bridge-Token": "" }],
  ])("is refused with %s", async (_, headers) => {
    expect((await check(auth, headers)).ok).toBe(false);
  });

  it("ignores ?token= unless the source allows it", async () => {
    expect((await check(auth, {}, `${URL_}?token=${TOKEN}`)).ok).toBe(false);
  });

  it("passes with ?token= where the source sets query = true", async () => {
    expect(await check(withQuery, {}, `${URL_}?token=${TOKEN}`)).toEqual({ ok: true });
  });

  it("refuses a wrong ?token= even where allowed", async () => {
    expect((await check(withQuery, {}, `${URL_}?token=wrong`)).ok).toBe(false);
  });

  it("refuses everything when the secret is empty", async () => {
    const request = {
      method: "POST",
      url: URL_,
      headers: new Headers({ "X-Bridge-Token": "" }),
      body: new Uint8Array(),
    };
    expect((await verifyRequest(auth, request, () => "", Date.now())).ok).toBe(false);
  });
});

describe("a Basic source", () => {
  const auth = AuthConfig.parse({ type: "basic", secret: "BASIC_SECRET" });

  it("passes with the right user and password (a password may hold colons)", async () => {
    expect(await check(auth, basicHeaders("zapier", "pass:word"))).toEqual({ ok: true });
  });

  it.each<[string, Record<string, string>]>([
    ["no credentials", {}],
    ["a wrong password", basicHeaders("zapier", "pass:wordx")],
    ["a wrong user", basicHeaders("zapper", "pass:word")],
    ["the whole secret as a Bearer token", bearerHeaders(BASIC)],
    ["credentials that are not base64", { Authorization: "Basic !!!" }],
    ["credentials that are not UTF-8", { Authorization: "Basic /w==" }],
  ])("is refused with %s", async (_, headers) => {
    expect((await check(auth, headers)).ok).toBe(false);
  });
});

describe("the admin token", () => {
  const ADMIN = "admin-token-0123456789abcdef";

  it("passes with Authorization: Bearer <ADMIN_TOKEN>", async () => {
    expect(await verifyBearerToken(`Bearer ${ADMIN}`, ADMIN)).toBe(true);
  });

  it.each<[string, string | null]>([
    ["no header", null],
    ["a wrong token", "Bearer admin-token-0123456789abcdeX"],
    ["a prefix of the token", `Bearer ${ADMIN.slice(0, 10)}`],
    ["the token as Basic credentials", `Basic ${btoa(`${ADMIN}:`)}`],
    ["the token without a scheme", ADMIN],
    ["an empty Bearer", "Bearer "],
  ])("is refused with %s", async (_, header) => {
    expect(await verifyBearerToken(header, ADMIN)).toBe(false);
  });

  it("never matches when no admin token is configured", async () => {
    expect(await verifyBearerToken("Bearer ", "")).toBe(false);
    expect(await verifyBearerToken("Bearer x", "")).toBe(false);
  });
});

describe("comparing secrets", () => {
  it("never finds an empty secret equal, even to an empty token", async () => {
    expect(equalSecrets("", "")).toBe(false);
  });

  it("finds equal secrets equal and different ones different", async () => {
    expect(equalSecrets(TOKEN, TOKEN)).toBe(true);
    expect(equalSecrets(TOKEN, TOKEN.toUpperCase())).toBe(false);
  });
});

// Signed deliveries from every sender: a genuine one passes; a changed body, a wrong secret, a
// missing or garbled header, a replayed (stale) or future timestamp and a signature over
// re-serialized JSON are each refused. Published test vectors pin the exact rules.
import { describe, expect, it, vi } from "vitest";
import { verifyRequest } from "../../src/authenticate/signatures.ts";
import { AuthConfig } from "../../src/config/schema.ts";
import {
  type Body,
  basicHeaders,
  bearerHeaders,
  computeHmac,
  signCalCom,
  signCalendly,
  signFramer,
  signGenericHmac,
  signHubSpot,
  signStandardWebhook,
  signTally,
  signTypeform,
  signWebflow,
  toBase64,
  toHex,
} from "./sign.ts";

// 2026-01-15T12:00:00Z: every delivery below is signed and checked at this instant.
const NOW = Date.UTC(2026, 0, 15, 12);
const URL_ = "https://bridge.example.com/v1/hooks/leads";

const SECRETS: Record<string, string> = {
  SIGNING_SECRET: "a-long-random-signing-secret-0123456789abcdef",
  STANDARD_SECRET: "whsec_c2VjcmV0LWZvci10aGUtc3RhbmRhcmQtd2ViaG9va3M=",
  ZAPIER_TOKEN: "zap-token-0123456789abcdef",
  BASIC_SECRET: "zapier:pass:word",
};
const WRONG_SECRET = "a-long-random-signing-secret-0123456789abcdeF";
const WRONG_STANDARD_SECRET = "whsec_b3RoZXItc2VjcmV0LWZvci10aGUtc3RhbmRhcmQtd2ViaG9va3M=";

function readSecret(name: string): string {
  const value = SECRETS[name];
  if (value === undefined) throw new Error(`no secret ${name} in this test`);
  return value;
}

// Whitespace after separators, as many senders (and hand-written tests) produce: parsing and
// re-serializing it gives other bytes.
const BODY =
  '{"event_id": "01E1FT3ZBHA2WA9AZSA2KPJ6RJ", "form_response": {"answers": [{"type": "email", "email": "ada@example.com"}], "hidden": {"utm_source": "ads"}}}';
const RESERIALIZED = JSON.stringify(JSON.parse(BODY));

function request(body: Body, headers: Record<string, string>, url = URL_, method = "POST") {
  return {
    method,
    url,
    headers: new Headers(headers),
    body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  };
}

function check(auth: AuthConfig, body: Body, headers: Record<string, string>, url = URL_) {
  return verifyRequest(auth, request(body, headers, url), readSecret, NOW);
}

type Signer = (secret: string, body: Body, nowMs: number) => Promise<Record<string, string>>;

type SchemeCase = {
  scheme: string;
  auth: AuthConfig;
  sign: Signer;
  /** The header holding the signature (garbled in one case). */
  signatureHeader: string;
  timestamped: boolean;
};

const hmacCase = (
  scheme: string,
  rule: Parameters<typeof signGenericHmac>[0],
  timestamped: boolean,
): SchemeCase => ({
  scheme,
  auth: AuthConfig.parse({ type: "hmac", secret: "SIGNING_SECRET", ...rule }),
  sign: (secret, body, nowMs) => signGenericHmac(rule, secret, body, nowMs),
  signatureHeader: rule.header,
  timestamped,
});

const SCHEMES: SchemeCase[] = [
  {
    scheme: "typeform",
    auth: AuthConfig.parse({ type: "typeform", secret: "SIGNING_SECRET" }),
    sign: (secret, body) => signTypeform(secret, body),
    signatureHeader: "Typeform-Signature",
    timestamped: false,
  },
  {
    scheme: "tally",
    auth: AuthConfig.parse({ type: "tally", secret: "SIGNING_SECRET" }),
    sign: (secret, body) => signTally(secret, body),
    signatureHeader: "Tally-Signature",
    timestamped: false,
  },
  {
    scheme: "webflow",
    auth: AuthConfig.parse({ type: "webflow", secret: "SIGNING_SECRET" }),
    sign: signWebflow,
    signatureHeader: "x-webflow-signature",
    timestamped: true,
  },
  {
    scheme: "calendly",
    auth: AuthConfig.parse({ type: "calendly", secret: "SIGNING_SECRET" }),
    sign: signCalendly,
    signatureHeader: "Calendly-Webhook-Signature",
    timestamped: true,
  },
  {
    scheme: "cal_com",
    auth: AuthConfig.parse({ type: "cal_com", secret: "SIGNING_SECRET" }),
    sign: (secret, body) => signCalCom(secret, body),
    signatureHeader: "X-Cal-Signature-256",
    timestamped: false,
  },
  {
    scheme: "framer",
    auth: AuthConfig.parse({ type: "framer", secret: "SIGNING_SECRET" }),
    sign: (secret, body) => signFramer(secret, body, "0fbbb90e-564b-4870-ac8b-78f9bc4e44a6"),
    signatureHeader: "Framer-Signature",
    timestamped: false,
  },
  {
    scheme: "hubspot",
    auth: AuthConfig.parse({ type: "hubspot", secret: "SIGNING_SECRET" }),
    sign: (secret, body, nowMs) => signHubSpot(secret, { method: "POST", url: URL_, body }, nowMs),
    signatureHeader: "X-HubSpot-Signature-v3",
    timestamped: true,
  },
  {
    scheme: "standard_webhooks",
    auth: AuthConfig.parse({ type: "standard_webhooks", secret: "STANDARD_SECRET" }),
    sign: signStandardWebhook,
    signatureHeader: "webhook-signature",
    timestamped: true,
  },
  hmacCase(
    "hmac sha256 hex with a prefix",
    { header: "X-Hub-Signature-256", prefix: "sha256=" },
    false,
  ),
  hmacCase(
    "hmac sha1 base64",
    { header: "X-Signature", algorithm: "sha1", encoding: "base64" },
    false,
  ),
  hmacCase(
    "hmac sha512 over timestamp:body in ms",
    {
      header: "X-Signature",
      algorithm: "sha512",
      signed: "timestamp.body",
      timestamp_header: "X-Timestamp",
      timestamp_unit: "ms",
      separator: ":",
    },
    true,
  ),
  hmacCase(
    "hmac sha256 base64 over timestamp.body in s",
    {
      header: "X-Signature",
      encoding: "base64",
      signed: "timestamp.body",
      timestamp_header: "X-Timestamp",
    },
    true,
  ),
];

const secretOf = (auth: AuthConfig) => readSecret("secret" in auth ? auth.secret : "");
const wrongSecretFor = (auth: AuthConfig) =>
  auth.type === "standard_webhooks" ? WRONG_STANDARD_SECRET : WRONG_SECRET;

describe.each(SCHEMES)("a $scheme delivery", ({ auth, sign, signatureHeader }) => {
  it("passes when genuine", async () => {
    const headers = await sign(secretOf(auth), BODY, NOW);
    expect(await check(auth, BODY, headers)).toEqual({ ok: true });
  });

  it("is refused when one byte of the body changed", async () => {
    const headers = await sign(secretOf(auth), BODY, NOW);
    const tampered = new TextEncoder().encode(BODY);
    tampered[60] = (tampered[60] ?? 0) ^ 1;
    expect((await check(auth, tampered, headers)).ok).toBe(false);
  });

  it("is refused when signed with another secret", async () => {
    const headers = await sign(wrongSecretFor(auth), BODY, NOW);
    expect((await check(auth, BODY, headers)).ok).toBe(false);
  });

  it("is refused when signed over re-serialized JSON (other whitespace)", async () => {
    const headers = await sign(secretOf(auth), RESERIALIZED, NOW);
    expect((await check(auth, BODY, headers)).ok).toBe(false);
  });

  it("is refused when its body was re-serialized after signing", async () => {
    const headers = await sign(secretOf(auth), BODY, NOW);
    expect((await check(auth, RESERIALIZED, headers)).ok).toBe(false);
  });

  it("is refused with no headers at all", async () => {
    expect((await check(auth, BODY, {})).ok).toBe(false);
  });

  it("is refused when any one of its headers is missing", async () => {
    const headers = await sign(secretOf(auth), BODY, NOW);
    for (const name of Object.keys(headers)) {
      const { [name]: _dropped, ...rest } = headers;
      expect((await check(auth, BODY, rest)).ok, `without ${name}`).toBe(false);
    }
  });

  it("is refused when its signature header is garbled", async () => {
    const headers = await sign(secretOf(auth), BODY, NOW);
    for (const garbled of ["", "!!not-a-signature!!", "sha256=", "v1,", "t=,v1=zz"]) {
      const verdict = await check(auth, BODY, { ...headers, [signatureHeader]: garbled });
      expect(verdict.ok, JSON.stringify(garbled)).toBe(false);
    }
  });

  it("is refused when the secret is empty", async () => {
    const headers = await sign("", BODY, NOW).catch(() => ({}));
    const verdict = await verifyRequest(auth, request(BODY, headers), () => "", NOW);
    expect(verdict.ok).toBe(false);
  });

  it("never puts the secret or the signature in its reason", async () => {
    const headers = await sign(wrongSecretFor(auth), BODY, NOW);
    const verdict = await check(auth, BODY, headers);
    const reason = verdict.ok ? "" : verdict.reason;
    expect(reason).not.toContain(secretOf(auth));
    for (const value of Object.values(headers)) expect(reason).not.toContain(value);
  });
});

describe.each(SCHEMES.filter((scheme) => scheme.timestamped))(
  "a timestamped $scheme delivery",
  ({ auth, sign }) => {
    it("passes when signed 299 s ago (within the 300 s tolerance)", async () => {
      const headers = await sign(secretOf(auth), BODY, NOW - 299_000);
      expect(await check(auth, BODY, headers)).toEqual({ ok: true });
    });

    it("is refused as a replay when signed 301 s ago", async () => {
      const headers = await sign(secretOf(auth), BODY, NOW - 301_000);
      const verdict = await check(auth, BODY, headers);
      expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/old/) });
    });

    it("is refused when its timestamp is 301 s in the future", async () => {
      const headers = await sign(secretOf(auth), BODY, NOW + 301_000);
      const verdict = await check(auth, BODY, headers);
      expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/future/) });
    });
  },
);

describe("a source's own tolerance", () => {
  it("refuses a Calendly delivery older than tolerance_s", async () => {
    const auth = AuthConfig.parse({ type: "calendly", secret: "SIGNING_SECRET", tolerance_s: 60 });
    const headers = await signCalendly(readSecret("SIGNING_SECRET"), BODY, NOW - 61_000);
    expect((await check(auth, BODY, headers)).ok).toBe(false);
  });
});

describe("published test vectors", () => {
  // The Standard Webhooks specification's vector, used by its reference libraries' tests:
  // https://github.com/standard-webhooks/standard-webhooks/blob/main/libraries/javascript/src/webhook.test.ts
  // ("sign function works").
  const STANDARD_VECTOR = {
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
  };
  const standardAuth = AuthConfig.parse({ type: "standard_webhooks", secret: "VECTOR" });
  const standardHeaders = {
    "webhook-id": STANDARD_VECTOR.id,
    "webhook-timestamp": String(STANDARD_VECTOR.timestamp),
    "webhook-signature": STANDARD_VECTOR.signature,
  };
  const verifyStandard = (
    headers: Record<string, string>,
    now: number,
    secret = STANDARD_VECTOR.secret,
  ) => verifyRequest(standardAuth, request(STANDARD_VECTOR.body, headers), () => secret, now);

  it("accepts the Standard Webhooks vector at its own time", async () => {
    expect(await verifyStandard(standardHeaders, STANDARD_VECTOR.timestamp * 1000)).toEqual({
      ok: true,
    });
  });

  it("accepts the Standard Webhooks vector with the secret pasted without whsec_", async () => {
    const bare = STANDARD_VECTOR.secret.slice("whsec_".length);
    expect(await verifyStandard(standardHeaders, STANDARD_VECTOR.timestamp * 1000, bare)).toEqual({
      ok: true,
    });
  });

  it("refuses the Standard Webhooks vector replayed today", async () => {
    expect((await verifyStandard(standardHeaders, NOW)).ok).toBe(false);
  });

  it("accepts a Standard Webhooks list where one of several signatures matches (key rotation)", async () => {
    const signature = [
      "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
      "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
      STANDARD_VECTOR.signature,
    ].join(" ");
    const headers = { ...standardHeaders, "webhook-signature": signature };
    expect(await verifyStandard(headers, STANDARD_VECTOR.timestamp * 1000)).toEqual({ ok: true });
  });

  it("refuses a Standard Webhooks signature under another version tag", async () => {
    const headers = {
      ...standardHeaders,
      "webhook-signature": STANDARD_VECTOR.signature.replace("v1,", "v2,"),
    };
    expect((await verifyStandard(headers, STANDARD_VECTOR.timestamp * 1000)).ok).toBe(false);
  });

  // No sender publishes a vector for its own header format, so the digest itself is pinned
  // with RFC 4231 section 4.3 (HMAC-SHA-256/512, key "Jefe") and RFC 2202 section 3
  // (HMAC-SHA-1): https://www.rfc-editor.org/rfc/rfc4231#section-4.3
  const JEFE = { secret: "Jefe", body: "what do ya want for nothing?" };
  const jefe = (auth: AuthConfig, headers: Record<string, string>) =>
    verifyRequest(auth, request(JEFE.body, headers), () => JEFE.secret, NOW);

  it.each([
    [
      "cal_com",
      { "X-Cal-Signature-256": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
    ],
    ["typeform", { "Typeform-Signature": "sha256=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=" }],
    ["tally", { "Tally-Signature": "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=" }],
  ])("accepts the RFC 4231 HMAC-SHA-256 digest in %s's header format", async (type, headers) => {
    expect(await jefe(AuthConfig.parse({ type, secret: "JEFE" }), headers)).toEqual({ ok: true });
  });

  it.each([
    ["sha1", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"],
    [
      "sha512",
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    ],
  ])("accepts the RFC %s vector through the generic hmac scheme", async (algorithm, digest) => {
    const auth = AuthConfig.parse({
      type: "hmac",
      secret: "JEFE",
      algorithm,
      header: "X-Signature",
    });
    expect(await jefe(auth, { "X-Signature": digest })).toEqual({ ok: true });
    expect(await jefe(auth, { "X-Signature": digest.toUpperCase() })).toEqual({ ok: true });
  });
});

describe("HubSpot's signed URI", () => {
  const auth = AuthConfig.parse({ type: "hubspot", secret: "SIGNING_SECRET" });
  const secret = readSecret("SIGNING_SECRET");

  it("decodes the characters HubSpot lists before checking", async () => {
    const delivered =
      "https://bridge.example.com/v1/hooks/hubspot?email=ada%40example.com&tags=a%2Cb%3Bc";
    const signedAs = "https://bridge.example.com/v1/hooks/hubspot?email=ada@example.com&tags=a,b;c";
    const headers = await signHubSpot(secret, { method: "POST", url: signedAs, body: BODY }, NOW);
    expect(await check(auth, BODY, headers, delivered)).toEqual({ ok: true });
  });

  it("is refused when the delivery reached another URL than the one signed", async () => {
    const headers = await signHubSpot(secret, { method: "POST", url: URL_, body: BODY }, NOW);
    expect((await check(auth, BODY, headers, `${URL_}?extra=1`)).ok).toBe(false);
  });

  it("is refused when signed for another method", async () => {
    const headers = await signHubSpot(secret, { method: "PUT", url: URL_, body: BODY }, NOW);
    expect((await check(auth, BODY, headers)).ok).toBe(false);
  });
});

describe("a Calendly signature header", () => {
  const auth = AuthConfig.parse({ type: "calendly", secret: "SIGNING_SECRET" });

  it("passes when one of several v1 signatures matches", async () => {
    const genuine = (await signCalendly(readSecret("SIGNING_SECRET"), BODY, NOW))[
      "Calendly-Webhook-Signature"
    ];
    const other = (await signCalendly(WRONG_SECRET, BODY, NOW))["Calendly-Webhook-Signature"];
    const header = `${genuine},v1=${other?.split("v1=")[1]}`;
    expect(await check(auth, BODY, { "Calendly-Webhook-Signature": header })).toEqual({ ok: true });
  });
});

describe("a Framer delivery", () => {
  const auth = AuthConfig.parse({ type: "framer", secret: "SIGNING_SECRET" });

  it("is refused when its submission id was swapped for another", async () => {
    const headers = await signFramer(readSecret("SIGNING_SECRET"), BODY, "submission-1");
    const swapped = { ...headers, "Framer-Webhook-Submission-Id": "submission-2" };
    expect((await check(auth, BODY, swapped)).ok).toBe(false);
  });
});

describe("a source without signatures", () => {
  it("passes anything with auth none (other checks protect it)", async () => {
    expect(await check(AuthConfig.parse({ type: "none" }), BODY, {})).toEqual({ ok: true });
  });

  it("accepts a signed-scheme helper's headers only for its own scheme", async () => {
    const typeform = AuthConfig.parse({ type: "typeform", secret: "SIGNING_SECRET" });
    const tallyHeaders = await signTally(readSecret("SIGNING_SECRET"), BODY);
    expect((await check(typeform, BODY, tallyHeaders)).ok).toBe(false);
  });

  it("does not take a token or Basic credentials in place of a signature", async () => {
    const typeform = AuthConfig.parse({ type: "typeform", secret: "SIGNING_SECRET" });
    const secret = readSecret("SIGNING_SECRET");
    expect((await check(typeform, BODY, bearerHeaders(secret))).ok).toBe(false);
    expect((await check(typeform, BODY, basicHeaders("user", secret))).ok).toBe(false);
  });
});

describe("a signature in the other encoding", () => {
  const secret = () => readSecret("SIGNING_SECRET");
  const digest = () => computeHmac("sha256", secret(), BODY);

  it("is refused, and logged as hex given where Tally expects base64", async () => {
    const tally = AuthConfig.parse({ type: "tally", secret: "SIGNING_SECRET" });
    const verdict = await check(tally, BODY, { "Tally-Signature": toHex(await digest()) });
    expect(verdict).toEqual({
      ok: false,
      reason: "Tally-Signature does not match: hex given, base64 expected",
    });
  });

  it("is refused, and logged as base64 given where a generic rule expects hex", async () => {
    const rule = AuthConfig.parse({
      type: "hmac",
      secret: "SIGNING_SECRET",
      header: "X-Signature",
      prefix: "sha256=",
    });
    const verdict = await check(rule, BODY, {
      "X-Signature": `sha256=${toBase64(await digest())}`,
    });
    expect(verdict).toEqual({
      ok: false,
      reason: "X-Signature does not match: base64 given, hex expected",
    });
  });

  it("says only that it does not match when it is not the right HMAC in either encoding", async () => {
    const tally = AuthConfig.parse({ type: "tally", secret: "SIGNING_SECRET" });
    const wrong = await computeHmac("sha256", WRONG_SECRET, BODY);
    expect(await check(tally, BODY, { "Tally-Signature": toHex(wrong) })).toEqual({
      ok: false,
      reason: "Tally-Signature does not match",
    });
    expect(await check(tally, BODY, { "Tally-Signature": "not base64!" })).toEqual({
      ok: false,
      reason: "Tally-Signature is not base64",
    });
  });
});

describe("HMAC keys", () => {
  it("are imported once per secret, not on every delivery", async () => {
    const secret = `per-isolate-${crypto.randomUUID()}`;
    const auth = AuthConfig.parse({ type: "cal_com", secret: "ONCE" });
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    try {
      for (let i = 0; i < 3; i++) {
        const headers = await signCalCom(secret, `${BODY}${i}`);
        const imports = importKey.mock.calls.length;
        const verdict = await verifyRequest(
          auth,
          request(`${BODY}${i}`, headers),
          () => secret,
          NOW,
        );
        expect(verdict).toEqual({ ok: true });
        // The signer imports its own key each time; the verifier only the first time.
        expect(importKey.mock.calls.length - imports).toBe(i === 0 ? 1 : 0);
      }
    } finally {
      importKey.mockRestore();
    }
  });
});

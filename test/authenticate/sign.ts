// Signs deliveries the way each sender does, for tests (here and end to end): each helper
// returns the headers a real delivery of `body` would carry. Written independently of
// src/authenticate (plain WebCrypto), so that a test passing proves the two agree.

/** A request body: text (sent as its UTF-8 bytes) or raw bytes. */
export type Body = string | Uint8Array;

const encoder = new TextEncoder();

function bytesOf(body: Body): Uint8Array {
  return typeof body === "string" ? encoder.encode(body) : body;
}

function join(...parts: Body[]): Uint8Array {
  const arrays = parts.map(bytesOf);
  const joined = new Uint8Array(arrays.reduce((total, array) => total + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    joined.set(array, offset);
    offset += array.length;
  }
  return joined;
}

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Standard base64 of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));
}

const HASHES = { sha1: "SHA-1", sha256: "SHA-256", sha512: "SHA-512" } as const;

/** HMAC of `data` with `key` (a string is used as its UTF-8 bytes). */
export async function computeHmac(
  algorithm: keyof typeof HASHES,
  key: string | Uint8Array,
  data: Body,
): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    bytesOf(key),
    { name: "HMAC", hash: HASHES[algorithm] },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, bytesOf(data)));
}

const seconds = (ms: number) => String(Math.floor(ms / 1000));

/** Typeform: `Typeform-Signature: sha256=<base64>` over the body. */
export async function signTypeform(secret: string, body: Body): Promise<Record<string, string>> {
  return {
    "Typeform-Signature": `sha256=${toBase64(await computeHmac("sha256", secret, body))}`,
  };
}

/** Tally: `Tally-Signature: <base64>` over the body. */
export async function signTally(secret: string, body: Body): Promise<Record<string, string>> {
  return { "Tally-Signature": toBase64(await computeHmac("sha256", secret, body)) };
}

/** Webflow: `x-webflow-timestamp` (ms) and `x-webflow-signature: <hex>` over `timestamp:body`. */
export async function signWebflow(
  secret: string,
  body: Body,
  nowMs: number = Date.now(),
): Promise<Record<string, string>> {
  const timestamp = String(nowMs);
  const signature = await computeHmac("sha256", secret, join(`${timestamp}:`, body));
  return { "x-webflow-timestamp": timestamp, "x-webflow-signature": toHex(signature) };
}

/** Calendly: `Calendly-Webhook-Signature: t=<s>,v1=<hex>` over `t.body`. */
export async function signCalendly(
  secret: string,
  body: Body,
  nowMs: number = Date.now(),
): Promise<Record<string, string>> {
  const t = seconds(nowMs);
  const signature = await computeHmac("sha256", secret, join(`${t}.`, body));
  return { "Calendly-Webhook-Signature": `t=${t},v1=${toHex(signature)}` };
}

/** Cal.com: `X-Cal-Signature-256: <hex>` over the body. */
export async function signCalCom(secret: string, body: Body): Promise<Record<string, string>> {
  return { "X-Cal-Signature-256": toHex(await computeHmac("sha256", secret, body)) };
}

/** Framer: `Framer-Signature: sha256=<hex>` over the body followed by the submission id. */
export async function signFramer(
  secret: string,
  body: Body,
  submissionId: string = crypto.randomUUID(),
): Promise<Record<string, string>> {
  const signature = await computeHmac("sha256", secret, join(body, submissionId));
  return {
    "Framer-Signature": `sha256=${toHex(signature)}`,
    "Framer-Webhook-Submission-Id": submissionId,
  };
}

/**
 * HubSpot v3: `X-HubSpot-Signature-v3: <base64>` over method + URI + body + timestamp, with
 * `X-HubSpot-Request-Timestamp` (ms). `url` is the URI as HubSpot signs it (decoded).
 */
export async function signHubSpot(
  secret: string,
  request: { method: string; url: string; body: Body },
  nowMs: number = Date.now(),
): Promise<Record<string, string>> {
  const timestamp = String(nowMs);
  const signed = join(`${request.method}${request.url}`, request.body, timestamp);
  return {
    "X-HubSpot-Signature-v3": toBase64(await computeHmac("sha256", secret, signed)),
    "X-HubSpot-Request-Timestamp": timestamp,
  };
}

/** Standard Webhooks: `webhook-id`, `webhook-timestamp` (s), `webhook-signature: v1,<base64>`. */
export async function signStandardWebhook(
  secret: string,
  body: Body,
  nowMs: number = Date.now(),
  id = `msg_${crypto.randomUUID().replaceAll("-", "")}`,
): Promise<Record<string, string>> {
  const key = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (char) => char.charCodeAt(0));
  const timestamp = seconds(nowMs);
  const signature = await computeHmac("sha256", key, join(`${id}.${timestamp}.`, body));
  return {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${toBase64(signature)}`,
  };
}

/** The generic `hmac` rule's settings, as in wrangler.toml (defaults as the schema's). */
export type GenericHmacRule = {
  algorithm?: "sha1" | "sha256" | "sha512";
  header: string;
  encoding?: "hex" | "base64";
  prefix?: string;
  signed?: "body" | "timestamp.body";
  timestamp_header?: string;
  timestamp_unit?: "s" | "ms";
  separator?: string;
};

/** Signs like a sender configured with the generic `hmac` auth. */
export async function signGenericHmac(
  rule: GenericHmacRule,
  secret: string,
  body: Body,
  nowMs: number = Date.now(),
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  let signed = bytesOf(body);
  if (rule.signed === "timestamp.body" && rule.timestamp_header) {
    const timestamp = rule.timestamp_unit === "ms" ? String(nowMs) : seconds(nowMs);
    headers[rule.timestamp_header] = timestamp;
    signed = join(timestamp, rule.separator ?? ".", body);
  }
  const digest = await computeHmac(rule.algorithm ?? "sha256", secret, signed);
  const encoded = (rule.encoding ?? "hex") === "hex" ? toHex(digest) : toBase64(digest);
  headers[rule.header] = `${rule.prefix ?? ""}${encoded}`;
  return headers;
}

/** `Authorization: Bearer <token>`. */
export function bearerHeaders(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** `Authorization: Basic <base64(user:password)>`. */
export function basicHeaders(user: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${toBase64(encoder.encode(`${user}:${password}`))}` };
}

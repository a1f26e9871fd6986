// Every fixture of test/fixtures as its sender posts it to the source of the same name in
// wrangler.toml: the body's exact bytes, its content type, and the credentials the sender
// adds (a signature over the body, a token, or nothing for the website's public form). Signed
// when built, so build them shortly before use: timestamped signatures expire in 5 minutes.
import { readdirSync, readFileSync } from "node:fs";
import {
  bearerHeaders,
  signCalCom,
  signCalendly,
  signFramer,
  signHubSpot,
  signStandardWebhook,
  signTally,
  signTypeform,
  signWebflow,
} from "../test/authenticate/sign.ts";
import { devSecrets } from "./servers.ts";

/** One delivery as a sender makes it. */
export type BenchFixture = {
  name: string;
  /** The source it goes to (wrangler.toml), and the path and query it is posted to. */
  source: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
  /** The same data as a JSON text: what the `JSON.parse` baseline parses. */
  json: string;
};

const FIXTURES = "test/fixtures";
/** Where a sender posts, on any host (hubspot signs the URL). */
export const SIGNED_URL_ORIGIN = "https://bridge.bench";

type Signer = (secret: string, body: Uint8Array, url: string) => Promise<Record<string, string>>;

/** How each provider's sender authenticates, and the secret it uses (.dev.vars.example). */
const SENDERS: Record<string, { secret?: string; sign: Signer; query?: string }> = {
  website: { sign: async () => ({}) },
  zapier: { secret: "ZAPIER_TOKEN", sign: async (secret) => bearerHeaders(secret) },
  typeform: { secret: "TYPEFORM_SECRET", sign: (secret, body) => signTypeform(secret, body) },
  tally: { secret: "TALLY_SECRET", sign: (secret, body) => signTally(secret, body) },
  webflow: { secret: "WEBFLOW_SECRET", sign: (secret, body) => signWebflow(secret, body) },
  calendly: { secret: "CALENDLY_SECRET", sign: (secret, body) => signCalendly(secret, body) },
  cal_com: { secret: "CAL_COM_SECRET", sign: (secret, body) => signCalCom(secret, body) },
  framer: { secret: "FRAMER_SECRET", sign: (secret, body) => signFramer(secret, body) },
  hubspot: {
    secret: "HUBSPOT_SECRET",
    sign: (secret, body, url) => signHubSpot(secret, { method: "POST", url, body }),
  },
  standard_webhooks: {
    secret: "STANDARD_WEBHOOKS_SECRET",
    sign: (secret, body) => signStandardWebhook(secret, body),
  },
  jotform: { secret: "JOTFORM_TOKEN", sign: async () => ({}), query: "token" },
  fillout: { secret: "FILLOUT_TOKEN", sign: async () => ({}), query: "token" },
};

/** Jotform's multipart post of a fixture's fields. */
async function multipart(fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request("http://sender.test/", { method: "POST", body: form });
  return {
    body: new Uint8Array(await request.arrayBuffer()),
    contentType: request.headers.get("content-type") ?? "",
  };
}

/** A fixture file's body, content type and JSON twin. */
async function readBody(provider: string, file: string) {
  const path = `${FIXTURES}/${provider}/${file}`;
  if (file.endsWith(".txt")) {
    const text = readFileSync(path, "utf8").trim();
    return {
      body: new TextEncoder().encode(text),
      contentType: "application/x-www-form-urlencoded",
      json: JSON.stringify(Object.fromEntries(new URLSearchParams(text))),
    };
  }
  if (file.endsWith(".fields.json")) {
    const { rawRequest, ...fields } = JSON.parse(readFileSync(path, "utf8")) as Record<
      string,
      unknown
    >;
    const all = {
      ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
      rawRequest: JSON.stringify(rawRequest),
    };
    return { ...(await multipart(all)), json: JSON.stringify(all) };
  }
  const text = readFileSync(path, "utf8");
  return { body: new TextEncoder().encode(text), contentType: "application/json", json: text };
}

/** The fixture `provider/file` as its sender posts it to `path` (`{source}` is replaced). */
export async function buildFixture(
  provider: string,
  file: string,
  pathTemplate = "/v1/hooks/{source}",
): Promise<BenchFixture> {
  const sender = SENDERS[provider];
  if (!sender) throw new Error(`no sender for ${provider}`);
  const secret = sender.secret ? (devSecrets()[sender.secret] ?? "") : "";
  const { body, contentType, json } = await readBody(provider, file);
  const query = sender.query
    ? `${pathTemplate.includes("?") ? "&" : "?"}${sender.query}=${encodeURIComponent(secret)}`
    : "";
  const path = `${pathTemplate.replace("{source}", provider)}${query}`;
  const headers = {
    "content-type": contentType,
    ...(await sender.sign(secret, body, `${SIGNED_URL_ORIGIN}${path}`)),
  };
  const kind = file.endsWith(".fields.json")
    ? " (multipart)"
    : file.endsWith(".txt")
      ? " (form)"
      : "";
  const name = `${provider}/${file.replace(/(\.fields)?\.(json|txt)$/, "")}${kind}`;
  return { name, source: provider, path, headers, body, json };
}

/** Every fixture in test/fixtures, each as its sender posts it. */
export async function loadFixtures(): Promise<BenchFixture[]> {
  const fixtures: BenchFixture[] = [];
  for (const provider of readdirSync(FIXTURES).sort()) {
    for (const file of readdirSync(`${FIXTURES}/${provider}`).sort()) {
      if (file.endsWith(".expected.json")) continue;
      fixtures.push(await buildFixture(provider, file));
    }
  }
  return fixtures;
}

// Real deliveries of each shipped provider source: the fixture body, signed (or tokened) the
// way the provider does with the development secrets of .dev.vars.example.
import devVars from "../../.dev.vars.example?raw";
import {
  type Body,
  bearerHeaders,
  signCalCom,
  signCalendly,
  signFramer,
  signHubSpot,
  signStandardWebhook,
  signTally,
  signTypeform,
  signWebflow,
} from "../authenticate/sign.ts";
import calComDraft from "../fixtures/cal_com/booking-created.expected.json";
import calComBody from "../fixtures/cal_com/booking-created.json?raw";
import calendlyDraft from "../fixtures/calendly/invitee-created.expected.json";
import calendlyBody from "../fixtures/calendly/invitee-created.json?raw";
import filloutDraft from "../fixtures/fillout/submission.expected.json";
import filloutBody from "../fixtures/fillout/submission.json?raw";
import framerDraft from "../fixtures/framer/submission.expected.json";
import framerBody from "../fixtures/framer/submission.json?raw";
import hubspotDraft from "../fixtures/hubspot/contact-custom-body.expected.json";
import hubspotBody from "../fixtures/hubspot/contact-custom-body.json?raw";
import jotformDraft from "../fixtures/jotform/submission.expected.json";
import jotformFields from "../fixtures/jotform/submission.fields.json";
import standardDraft from "../fixtures/standard_webhooks/contact-created.expected.json";
import standardBody from "../fixtures/standard_webhooks/contact-created.json?raw";
import tallyDraft from "../fixtures/tally/form-response.expected.json";
import tallyBody from "../fixtures/tally/form-response.json?raw";
import typeformDraft from "../fixtures/typeform/form-response.expected.json";
import typeformBody from "../fixtures/typeform/form-response.json?raw";
import webflowDraft from "../fixtures/webflow/form-submission-full.expected.json";
import webflowBody from "../fixtures/webflow/form-submission-full.json?raw";

/** The development secrets, by name. */
export const DEV_SECRETS: Record<string, string> = Object.fromEntries(
  devVars
    .split("\n")
    .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1] as string, match[2] as string]),
);

function secret(name: string): string {
  const value = DEV_SECRETS[name];
  if (!value) throw new Error(`.dev.vars.example has no ${name}`);
  return value;
}

/** What a test needs to send one provider's delivery. */
export type ProviderDelivery = {
  source: string;
  contentType: string;
  /** The exact body bytes (or text) the provider sends. */
  body: Body;
  /** The query string the sender's URL carries (Jotform's token). */
  search: string;
  /** Signs `body` as the provider does with the development secret; `nowMs` moves its clock. */
  sign(body: Body, nowMs?: number): Promise<Record<string, string>>;
  /** Signs with another secret. */
  signWith(secret: string, body: Body, nowMs?: number): Promise<Record<string, string>>;
  /** Whether the scheme signs a timestamp (and so refuses stale and future ones). */
  timestamped: boolean;
  /** Whether the signature covers the body (token senders send the same token for any body). */
  signsBody: boolean;
  /** The contact draft the fixture must become. */
  expected: {
    name?: string;
    emails: { email: string }[];
    phones: { phone: string }[];
    lead: { name?: string; [key: string]: unknown };
    note?: string;
  };
};

const BRIDGE_ORIGIN = "http://bridge.test";

function json(
  source: string,
  body: string,
  expected: ProviderDelivery["expected"],
  secretName: string,
  signWith: ProviderDelivery["signWith"],
  timestamped = false,
): ProviderDelivery {
  return {
    source,
    contentType: "application/json",
    body,
    search: "",
    sign: (signedBody, nowMs) => signWith(secret(secretName), signedBody, nowMs),
    signWith,
    timestamped,
    signsBody: true,
    expected,
  };
}

const unsigned = async () => ({});

function multipartOf(fields: Record<string, string>): { body: Uint8Array; contentType: string } {
  const boundary = "----closebridgejotform";
  const text = Object.entries(fields)
    .map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    )
    .join("");
  return {
    body: new TextEncoder().encode(`${text}--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const { rawRequest, ...jotformOther } = jotformFields;
const jotform = multipartOf({
  ...Object.fromEntries(Object.entries(jotformOther).map(([k, v]) => [k, String(v)])),
  rawRequest: JSON.stringify(rawRequest),
});

/** One delivery per shipped provider source. */
export const PROVIDER_DELIVERIES: ProviderDelivery[] = [
  json("typeform", typeformBody, typeformDraft, "TYPEFORM_SECRET", (key, body) =>
    signTypeform(key, body),
  ),
  json("tally", tallyBody, tallyDraft, "TALLY_SECRET", (key, body) => signTally(key, body)),
  json("webflow", webflowBody, webflowDraft, "WEBFLOW_SECRET", signWebflow, true),
  json("calendly", calendlyBody, calendlyDraft, "CALENDLY_SECRET", signCalendly, true),
  json("cal_com", calComBody, calComDraft, "CAL_COM_SECRET", (key, body) => signCalCom(key, body)),
  json("framer", framerBody, framerDraft, "FRAMER_SECRET", (key, body) =>
    signFramer(key, body, "framer-submission-0001"),
  ),
  json(
    "hubspot",
    hubspotBody,
    hubspotDraft,
    "HUBSPOT_SECRET",
    (key, body, now) =>
      signHubSpot(key, { method: "POST", url: `${BRIDGE_ORIGIN}/v1/hooks/hubspot`, body }, now),
    true,
  ),
  json(
    "standard_webhooks",
    standardBody,
    standardDraft,
    "STANDARD_WEBHOOKS_SECRET",
    (key, body, now) => signStandardWebhook(key, body, now, "msg_closebridge0001"),
    true,
  ),
  {
    source: "jotform",
    contentType: jotform.contentType,
    body: jotform.body,
    search: `?token=${secret("JOTFORM_TOKEN")}`,
    sign: unsigned,
    signWith: unsigned,
    timestamped: false,
    signsBody: false,
    expected: jotformDraft,
  },
  {
    ...json("fillout", filloutBody, filloutDraft, "FILLOUT_TOKEN", unsigned),
    search: `?token=${secret("FILLOUT_TOKEN")}`,
    signsBody: false,
  },
];

/** The Zapier source's delivery: a bearer token, any JSON. */
export const ZAPIER_HEADERS = bearerHeaders(secret("ZAPIER_TOKEN"));

/** Builds the request of a delivery (signing it now unless headers are given). */
export async function requestOf(
  delivery: ProviderDelivery,
  options: { body?: Body; headers?: Record<string, string>; nowMs?: number; search?: string } = {},
): Promise<[string, RequestInit]> {
  const body = options.body ?? delivery.body;
  const headers = options.headers ?? (await delivery.sign(delivery.body, options.nowMs));
  return [
    `/v1/hooks/${delivery.source}${options.search ?? delivery.search}`,
    { method: "POST", headers: { "content-type": delivery.contentType, ...headers }, body },
  ];
}

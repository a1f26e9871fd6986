import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ErrorBody } from "../../src/errors.ts";
import { bridgeWith, callBridge } from "../helpers/bridge.ts";
import { DEV_SECRETS, ZAPIER_HEADERS } from "../helpers/deliveries.ts";
import { resetWorld } from "../helpers/reset.ts";
import { closeApi, customFieldId, simContacts, simRequests } from "../helpers/sim.ts";

beforeEach(resetWorld);

const ADMIN = { authorization: `Bearer ${DEV_SECRETS.ADMIN_TOKEN}` };
const FORM = {
  "content-type": "application/x-www-form-urlencoded",
  origin: "http://127.0.0.1:8789",
};
const ada = new URLSearchParams({
  name: "Ada Lovelace",
  email: "ada@example.com",
  phone: "(415) 555-0100",
  company: "Analytical Engines",
  message: "Call me",
});

type Preview = {
  status: string;
  record: { answers: { key: string; value: unknown }[] };
  draft: { emails: { email: string }[]; phones: { phone: string }[]; note?: string };
  close_requests?: { method: string; path: string; body?: unknown; sent: boolean }[];
};

const countRows = async () =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions").first<{ n: number }>())?.n ?? -1;

describe("POST /v1/hooks/:source/preview", () => {
  it("needs the admin token for a public source", async () => {
    const response = await callBridge("/v1/hooks/website/preview", {
      method: "POST",
      headers: FORM,
      body: ada,
    });
    expect(response.status).toBe(401);
    expect(ErrorBody.parse(await response.json()).error.code).toBe("unauthorized");
    expect(await simRequests()).toEqual([]);
  });

  it("shows the record, the draft and every Close request, sending only the reads", async () => {
    const rows = await countRows();
    const response = await callBridge("/v1/hooks/website/preview", {
      method: "POST",
      headers: { ...FORM, ...ADMIN },
      body: ada,
    });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.status).toBe("created");
    expect(preview.record.answers.map((a) => a.key)).toEqual([
      "name",
      "email",
      "phone",
      "company",
      "message",
    ]);
    expect(preview.draft.phones).toEqual([{ phone: "+14155550100", type: "office" }]);
    expect(
      preview.close_requests?.map((r) => `${r.sent ? "sent" : "would send"} ${r.method} ${r.path}`),
    ).toEqual([
      "sent POST /data/search/",
      "sent POST /data/search/",
      "would send POST /lead/",
      "would send POST /activity/note/",
      // The shipped website source routes the new lead: the names it uses are read from Close.
      "sent GET /status/lead/",
      "sent GET /user/?_limit=100&_skip=0",
      "sent GET /custom_field_schema/lead/",
      "would send PUT /lead/lead_preview/",
      "sent GET /custom_field_schema/contact/",
      "would send PUT /contact/cont_preview/",
      "sent GET /custom_activity/",
      "sent GET /custom_field/activity/?_limit=100&_skip=0",
      "would send POST /activity/custom/",
      "would send POST /task/",
    ]);
    const lead = preview.close_requests?.[2]?.body as { name: string; contacts: unknown[] };
    expect(lead.name).toBe("Analytical Engines");
    expect(lead.contacts).toHaveLength(1);
    // The owner it would get is the rotation's next, which the preview does not take; the
    // status is the source's ("Qualified"), read by label.
    const routed = preview.close_requests?.[7]?.body as Record<string, unknown>;
    expect(routed).toMatchObject({
      status_id: "stat_SimuLat0rQua1ifiedStatusXXXXXXXXXXXXXXXXXXX",
      [`custom.${customFieldId("lead", "Lead owner")}`]:
        "user_xEEsAoCaA2QTqpOoast0vQj8VMtbYo9Mqb5jZMQObDD",
      [`custom.${customFieldId("lead", "Lead source")}`]: "Website form",
    });
    const turns = await env.DB.prepare("SELECT COUNT(*) AS n FROM owner_rotations").first<{
      n: number;
    }>();
    expect(turns?.n).toBe(0);
    const sent = await simRequests();
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v1/data/search/",
      "POST /api/v1/data/search/",
      "GET /api/v1/status/lead/",
      "GET /api/v1/user/",
      "GET /api/v1/custom_field_schema/lead/",
      "GET /api/v1/custom_field_schema/contact/",
      "GET /api/v1/custom_activity/",
      "GET /api/v1/custom_field/activity/",
    ]);
    expect(await simContacts()).toEqual([]);
    expect(await countRows()).toBe(rows);
  });

  it("shows the update an existing contact would get", async () => {
    await closeApi("POST", "/contact/", {
      name: "Ada",
      emails: [{ email: "ada@example.com", type: "office" }],
    });
    const response = await callBridge("/v1/hooks/website/preview", {
      method: "POST",
      headers: { ...FORM, ...ADMIN },
      body: ada,
    });
    const preview = (await response.json()) as Preview;
    expect(preview.status).toBe("updated");
    const put = preview.close_requests?.find(
      (r) => r.method === "PUT" && r.path.startsWith("/contact/"),
    );
    expect(put?.path).toMatch(/^\/contact\/cont_\w+\/$/);
    expect(put?.body).toMatchObject({ phones: [{ phone: "+14155550100", type: "office" }] });
    expect(put?.sent).toBe(false);
  });

  it("accepts the source's own credentials for a source that has some", async () => {
    const response = await callBridge("/v1/hooks/zapier/preview?close=0", {
      method: "POST",
      headers: { "content-type": "application/json", ...ZAPIER_HEADERS },
      body: JSON.stringify({
        id: "evt-1",
        contact: { email: "grace@navy.example", name: "Grace" },
      }),
    });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview & { event_id: string };
    expect(preview).toMatchObject({ status: "mapped", event_id: "evt-1" });
    expect(preview.close_requests).toBeUndefined();
    expect(await simRequests()).toEqual([]);
  });

  it("shows a sender with the source's own credentials only the draft, never what Close holds", async () => {
    // Close already knows Grace, with a second email and a phone: a sender must not learn that.
    await closeApi("POST", "/contact/", {
      name: "Grace Hopper",
      emails: [
        { email: "grace@navy.example", type: "office" },
        { email: "grace.private@example.com", type: "home" },
      ],
      phones: [{ phone: "+14155550199", type: "mobile" }],
    });
    const before = (await simRequests()).length;
    // Jotform and Fillout send their token in the URL, where anyone who sees the form may read it.
    const response = await callBridge(
      `/v1/hooks/fillout/preview?token=${DEV_SECRETS.FILLOUT_TOKEN}`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          submission: {
            submissionId: "s-1",
            questions: [
              { id: "q1", name: "Email", type: "EmailInput", value: "grace@navy.example" },
            ],
          },
        }),
      },
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    const preview = JSON.parse(text) as Preview;
    expect(preview.status).toBe("mapped");
    expect(preview.close_requests).toBeUndefined();
    expect(text).not.toContain("grace.private@example.com");
    expect(text).not.toContain("+14155550199");
    expect(text).not.toContain("cont_");
    expect((await simRequests()).length).toBe(before);
  });

  it("refuses a wrong credential", async () => {
    const response = await callBridge("/v1/hooks/zapier/preview", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer nope" },
      body: "{}",
    });
    expect(response.status).toBe(401);
  });

  it("says so when the honeypot is filled", async () => {
    const body = new URLSearchParams({ email: "bot@example.com", _gotcha: "x" });
    const response = await callBridge("/v1/hooks/website/preview", {
      method: "POST",
      headers: { ...FORM, ...ADMIN },
      body,
    });
    expect(await response.json()).toMatchObject({ status: "spam" });
  });

  it("says which name Close lacks when the source's routing names one", async () => {
    const preview = bridgeWith({
      SOURCES: {
        site: {
          preset: "form",
          allowed_origins: ["http://127.0.0.1:8789"],
          lead: { status: "Inbound" },
        },
      },
    });
    const response = await preview("/v1/hooks/site/preview", {
      method: "POST",
      headers: { ...FORM, ...ADMIN },
      body: ada,
    });
    expect(response.status).toBe(503);
    const { error } = ErrorBody.parse(await response.json());
    expect(error.code).toBe("close_name_missing");
    expect(error.message).toMatch(
      /^Close has no lead status "Inbound" \(source "site", lead.status\)/,
    );
    expect(error.details).toEqual([
      { field: "lead.status", problem: 'Close has no lead status "Inbound"' },
    ]);
    expect(await simContacts()).toEqual([]);
  });
});

describe("the preview's findings", () => {
  const SIM_SOURCE_PAGE = "cf_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";
  const SIM_UTM_SOURCE = "cf_XpfKtHF4vUCsMehGAkWvj7FAc9QeWJKY40uvSwMFLZD";
  const bridge = () =>
    bridgeWith({
      SOURCES: {
        signup: {
          preset: "form",
          allowed_origins: ["http://127.0.0.1:8789"],
          fields: {
            phone: "pgae",
            "custom.cf_u8jzPde0IgxLd6GncfBAepfJBd0KhBoOOL8dKLzdocJ": "page",
            [`custom.${SIM_UTM_SOURCE}`]: "utm_source",
          },
        },
      },
    });
  const body = new URLSearchParams({
    email: "ada@example.com",
    page: "https://example.com/pricing",
    utm_source: "ads",
  });
  type Findings = { findings: { kind: string; field: string; problem: string }[] };

  it("name a path that matches nothing and a custom field id Close does not have", async () => {
    const response = await bridge()("/v1/hooks/signup/preview", {
      method: "POST",
      headers: { ...FORM, ...ADMIN },
      body,
    });
    expect(response.status).toBe(200);
    const { findings } = (await response.json()) as Findings;
    expect(findings).toEqual([
      {
        kind: "unmatched_path",
        field: "fields.phone",
        problem: '"pgae" matches no answer and nothing in the payload of this submission',
      },
      {
        kind: "unknown_custom_field",
        field: "fields.custom.cf_u8jzPde0IgxLd6GncfBAepfJBd0KhBoOOL8dKLzdocJ",
        problem: expect.stringMatching(
          new RegExp(
            `^Close has no contact custom field cf_u8jzPde0IgxLd6GncfBAepfJBd0KhBoOOL8dKLzdocJ: it would refuse the delivery \\("Unknown custom field"\\)\\. Did you mean ${SIM_SOURCE_PAGE} \\(Source page\\)\\? Its contact custom fields: ${SIM_SOURCE_PAGE} \\(Source page\\), cf_`,
          ),
        ),
      },
      {
        kind: "unknown_custom_field",
        field: `fields.custom.${SIM_UTM_SOURCE}`,
        problem: `${SIM_UTM_SOURCE} (UTM source) is a lead custom field: map it as "lead.custom.${SIM_UTM_SOURCE}"; Close would refuse the delivery as it is`,
      },
    ]);
  });

  it("are in the 422 of a submission that cannot become a contact", async () => {
    const response = await bridge()("/v1/hooks/signup/preview?close=0", {
      method: "POST",
      headers: { ...FORM, ...ADMIN },
      body: new URLSearchParams({ mobile_number: "+1 415 555 0100" }),
    });
    expect(response.status).toBe(422);
    const { error } = ErrorBody.parse(await response.json());
    expect(error.details).toContainEqual({
      field: "fields.phone",
      problem: '"pgae" matches no answer and nothing in the payload of this submission',
    });
    expect(error.details).toContainEqual({
      field: "mobile_number",
      problem: "no contact field maps it (map it in `fields` to send it elsewhere): in the note",
    });
  });

  it("leave Close out with close=0: only what the mapping itself shows", async () => {
    const response = await bridge()("/v1/hooks/signup/preview?close=0", {
      method: "POST",
      headers: { ...FORM, ...ADMIN },
      body,
    });
    const { findings } = (await response.json()) as Findings;
    expect(findings.map((f) => f.kind)).toEqual(["unmatched_path"]);
    expect(await simRequests()).toEqual([]);
  });
});

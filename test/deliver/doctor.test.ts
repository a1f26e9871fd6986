// The doctor against the simulator: the shipped configuration is fine; each name Close lacks (or
// has in a type or with choices that do not fit) is found, named by source and option, with its
// fix; a refused key is said so. Also through GET /v1/admin/doctor.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createCloseClient } from "../../src/close/client.ts";
import { createHttpTransport } from "../../src/close/transport.ts";
import { parseConfig } from "../../src/config/load.ts";
import { examineCloseNames } from "../../src/deliver/doctor.ts";
import { callBridge, shippedSources } from "../helpers/bridge.ts";
import { resetWorld } from "../helpers/reset.ts";

beforeEach(resetWorld);

const close = (apiKey = "api_dev.closebridge0simulator0key") =>
  createCloseClient(
    createHttpTransport({ baseUrl: "http://close.test/api/v1", apiKey, timeoutMs: 5000 }),
  );

function sourcesOf(sources: Record<string, unknown>) {
  const result = parseConfig({ SOURCES: sources });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config.sources.values();
}

describe("the doctor", () => {
  it("finds every name of the shipped configuration in the simulator", async () => {
    const report = await examineCloseNames(close(), sourcesOf(shippedSources()));
    expect(report.findings).toEqual([]);
    expect(report).toMatchObject({ ok: true, organization: "close-bridge simulator" });
    expect(report.checked).toBeGreaterThan(20);
  });

  it("names each missing or unfit name with its source, option and fix", async () => {
    const report = await examineCloseNames(
      close(),
      sourcesOf({
        site: {
          preset: "form",
          honeypot: "_gotcha",
          fields: {
            "custom.cf_nope": "x",
            "lead.custom.cf_XpfKtHF4vUCsMehGAkWvj7FAc9QeWJKY40uvSwMFLZD": "y",
          },
          lead: { status: "Inbound", source: "Newsletter", utm: { utm_term: "UTM term" } },
          owner: { users: ["riley@example.com", "nobody@example.com"], field: "Lead source" },
          task: { assign_to: "ghost@example.com" },
          activity: { type: "Form submission", fields: { Consent: "Maybe", Colour: "{colour}" } },
          opportunity: { status: "Signed" },
          consent: { field: "Marketing consent", yes: "Sure" },
        },
        booking: { preset: "json", allow_unprotected: true, activity: { type: "Demo booked" } },
      }),
    );
    expect(report.ok).toBe(false);
    const found = report.findings.map((f) => `${f.source} ${f.option}: ${f.problem}`);
    expect(found).toEqual([
      'site fields."custom.cf_nope": Close has no contact custom field with the id cf_nope',
      'site lead.status: Close has no lead status "Inbound"',
      'site lead.source_field: "Newsletter" is not one of the choices of the lead custom field "Lead source" (Website form, Calendly, Cal.com, Typeform, Referral, Other)',
      'site lead.utm.utm_term: Close has no lead custom field "UTM term"',
      'site owner.field: the lead custom field "Lead source" is of type choices, which cannot take what is written (user)',
      "site owner.users: Close has no user nobody@example.com",
      "site task.assign_to: Close has no user ghost@example.com",
      'site activity.fields."Consent": "Maybe" is not one of the choices of the field "Consent" of "Form submission" (Yes, No)',
      'site activity.fields."Colour": "Form submission" has no field "Colour"',
      'site activity.fields: the field "Source" of "Form submission" is required to publish an activity, and activity.fields does not fill it',
      'site opportunity.status: Close has no opportunity status "Signed"',
      'site consent.field: "Sure" is not one of the choices of the contact custom field "Marketing consent" (Yes, No)',
      'booking activity.type: Close has no custom activity type "Demo booked"',
    ]);
    const fixes = Object.fromEntries(report.findings.map((f) => [f.option, f.fix]));
    expect(fixes["lead.status"]).toBe(
      'Add the lead status "Inbound" in Close (Settings > Statuses & Pipelines > Lead Statuses), or name an existing one.',
    );
    expect(fixes["owner.field"]).toBe(
      'Create a lead custom field "Lead source" of type user in Close (Settings > Customization > Custom Fields > Lead), or name an existing one.',
    );
  });

  it("says when Close refuses the key, and checks nothing else", async () => {
    const report = await examineCloseNames(close("api_wrong"), sourcesOf(shippedSources()));
    expect(report).toEqual({
      ok: false,
      checked: 1,
      findings: [
        expect.objectContaining({ option: "CLOSE_API_KEY", problem: "Close refused the API key" }),
      ],
    });
  });
});

describe("GET /v1/admin/doctor", () => {
  it("needs the admin token", async () => {
    expect((await callBridge("/v1/admin/doctor")).status).toBe(401);
  });

  it("answers the report for the deployed configuration", async () => {
    const response = await callBridge("/v1/admin/doctor", {
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      findings: [],
      organization: "close-bridge simulator",
    });
  });
});

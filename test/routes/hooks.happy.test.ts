import { beforeEach, describe, expect, it } from "vitest";
import { bridgeWith, EXAMPLE_FORM_HEADERS, formBody, syncBridge } from "../helpers/bridge.ts";
import { resetWorld } from "../helpers/reset.ts";
import { closeApi, customFieldId, simContacts, simLeads, simNotes } from "../helpers/sim.ts";

beforeEach(resetWorld);

const callBridge = syncBridge();

const ada = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  phone: "(415) 555-0100",
  company: "Analytical Engines",
  message: "Call me",
};

describe("a website form post in sync mode", () => {
  it("becomes one contact with an E.164 phone on a lead named after the company, with the message as a note", async () => {
    const response = await callBridge("/v1/hooks/website", {
      method: "POST",
      headers: EXAMPLE_FORM_HEADERS,
      body: formBody(ada),
    });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as Record<string, string>;
    expect(answer).toEqual({
      id: expect.stringMatching(/^sub_/),
      status: "created",
      contact_id: expect.stringMatching(/^cont_/),
      lead_id: expect.stringMatching(/^lead_/),
    });
    const [contact, ...others] = await simContacts();
    expect(others).toEqual([]);
    expect(contact).toMatchObject({
      id: answer.contact_id,
      lead_id: answer.lead_id,
      name: "Ada Lovelace",
      emails: [expect.objectContaining({ email: "ada@example.com", type: "office" })],
      phones: [expect.objectContaining({ phone: "+14155550100", type: "office" })],
    });
    const leads = await simLeads();
    expect(leads).toEqual([
      expect.objectContaining({ id: answer.lead_id, name: "Analytical Engines" }),
    ]);
    const notes = await simNotes();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ lead_id: answer.lead_id, contact_id: answer.contact_id });
    expect(notes[0]?.note).toContain("Call me");
    expect(notes[0]?.note).toContain(answer.id);
  });

  it("updates the same contact when the same person posts again", async () => {
    const post = () =>
      callBridge("/v1/hooks/website", {
        method: "POST",
        headers: EXAMPLE_FORM_HEADERS,
        body: formBody(ada),
      });
    const first = (await (await post()).json()) as Record<string, string>;
    const again = await post();
    expect(again.status).toBe(200);
    const second = (await again.json()) as Record<string, string>;
    expect(second).toMatchObject({
      status: "updated",
      contact_id: first.contact_id,
      lead_id: first.lead_id,
    });
    expect(await simContacts()).toHaveLength(1);
    expect(await simLeads()).toHaveLength(1);
    expect(await simNotes()).toHaveLength(2);
  });

  it("redirects a plain browser post to the thank-you page", async () => {
    const response = await callBridge("/v1/hooks/website", {
      method: "POST",
      headers: {
        origin: "http://127.0.0.1:8789",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: formBody(ada),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("http://127.0.0.1:8789/thanks.html");
    expect(await simContacts()).toHaveLength(1);
  });

  it("reads a multipart form the same way", async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(ada)) form.append(name, value);
    const response = await callBridge("/v1/hooks/website", {
      method: "POST",
      headers: { origin: "http://127.0.0.1:8789", accept: "application/json" },
      body: form,
    });
    expect(response.status).toBe(201);
    expect((await simContacts())[0]).toMatchObject({ name: "Ada Lovelace" });
  });

  it("answers CORS for an allowed origin, with its preflight", async () => {
    const preflight = await callBridge("/v1/hooks/website", {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:8789",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:8789");
    const other = await callBridge("/v1/hooks/website", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("a JSON webhook with a fields table", () => {
  it("maps paths into the contact", async () => {
    const response = await callBridge("/v1/hooks/zapier", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer dev-zapier-token-change-me-in-production",
      },
      body: JSON.stringify({
        id: "zap-1",
        contact: { name: "Grace Hopper", email: "grace@navy.example", phones: ["+1 202 555 0175"] },
        company: { name: "US Navy" },
        notes: "Met at the conference",
        plan: "enterprise",
      }),
    });
    expect(response.status).toBe(201);
    const [contact] = await simContacts();
    expect(contact).toMatchObject({
      name: "Grace Hopper",
      emails: [expect.objectContaining({ email: "grace@navy.example" })],
      phones: [expect.objectContaining({ phone: "+12025550175" })],
    });
    expect((await simLeads())[0]).toMatchObject({ name: "US Navy" });
    const [note] = await simNotes();
    expect(note?.note).toContain("Met at the conference");
    expect(note?.note).toContain("plan: enterprise");
  });
});

describe("upsert rules", () => {
  const source = (options: Record<string, unknown>) => ({
    SOURCES: { s: { preset: "json", allow_unprotected: true, mode: "sync", ...options } },
  });
  const send = (bridge: ReturnType<typeof bridgeWith>, body: Record<string, unknown>) =>
    bridge("/v1/hooks/s", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("adds a new phone to an existing contact and keeps the old one", async () => {
    const bridge = bridgeWith(source({}));
    await send(bridge, { email: "ada@example.com", phone: "4155550100", name: "Ada" });
    const second = await send(bridge, {
      email: "ada@example.com",
      phone: "+44 20 7946 0958",
      title: "Countess",
    });
    expect(((await second.json()) as { status: string }).status).toBe("updated");
    const contacts = await simContacts();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      name: "Ada",
      title: "Countess",
      phones: [
        expect.objectContaining({ phone: "+14155550100" }),
        expect.objectContaining({ phone: "+442079460958" }),
      ],
    });
  });

  it("finds a contact by phone when the email is new, and never blanks a field", async () => {
    const bridge = bridgeWith(source({}));
    await send(bridge, { email: "ada@example.com", phone: "4155550100", name: "Ada" });
    await send(bridge, { email: "ada@work.example", phone: "(415) 555-0100" });
    const [contact, ...others] = await simContacts();
    expect(others).toEqual([]);
    expect(contact?.name).toBe("Ada");
    expect((contact?.emails as { email: string }[] | undefined)?.map((e) => e.email)).toEqual([
      "ada@example.com",
      "ada@work.example",
    ]);
  });

  it("skips an existing contact when on_duplicate is skip", async () => {
    const bridge = bridgeWith(source({ on_duplicate: "skip" }));
    await send(bridge, { email: "ada@example.com", name: "Ada", message: "first" });
    const second = await send(bridge, {
      email: "ada@example.com",
      title: "Countess",
      message: "second",
    });
    expect(second.status).toBe(200);
    expect(((await second.json()) as { status: string }).status).toBe("skipped");
    expect((await simContacts())[0]?.title).toBeFalsy();
    expect(await simNotes()).toHaveLength(1);
  });

  it("creates a second contact when on_duplicate is create", async () => {
    const bridge = bridgeWith(source({ on_duplicate: "create" }));
    await send(bridge, { email: "ada@example.com" });
    await send(bridge, { email: "ada@example.com" });
    expect(await simContacts()).toHaveLength(2);
  });

  it("joins the existing lead of the same company", async () => {
    const lead = await closeApi("POST", "/lead/", { name: "Analytical Engines" });
    const bridge = bridgeWith(source({}));
    const answer = (await (
      await send(bridge, { email: "ada@example.com", company: "Analytical Engines" })
    ).json()) as {
      lead_id: string;
    };
    expect(answer.lead_id).toBe(lead.id);
    expect(await simLeads()).toHaveLength(1);
  });

  it("always makes a new lead when lead is new", async () => {
    await closeApi("POST", "/lead/", { name: "Analytical Engines" });
    const bridge = bridgeWith(source({ lead: "new" }));
    await send(bridge, { email: "ada@example.com", company: "Analytical Engines" });
    expect((await simLeads()).filter((l) => l.name === "Analytical Engines")).toHaveLength(2);
  });

  it("puts every contact on a fixed lead", async () => {
    const lead = await closeApi("POST", "/lead/", { name: "Inbound" });
    const bridge = bridgeWith(source({ lead: lead.id }));
    await send(bridge, {
      email: "ada@example.com",
      company: "Analytical Engines",
      message: "hello",
    });
    expect((await simContacts())[0]?.lead_id).toBe(lead.id);
    expect((await simNotes())[0]?.lead_id).toBe(lead.id);
    expect(await simLeads()).toHaveLength(1);
  });

  it("lets Close name the lead after the contact when there is no company", async () => {
    const bridge = bridgeWith(source({}));
    await send(bridge, { email: "ada@example.com", name: "Ada Lovelace" });
    expect(await simLeads()).toEqual([expect.objectContaining({ name: "Ada Lovelace" })]);
  });

  it("puts lead fields on a lead it creates", async () => {
    const bridge = bridgeWith(
      source({ fields: { "lead.url": "site", "lead.description": "about", company: "company" } }),
    );
    await send(bridge, {
      email: "ada@example.com",
      company: "AE",
      site: "https://ae.example",
      about: "Engines",
    });
    expect((await simLeads())[0]).toMatchObject({
      name: "AE",
      url: "https://ae.example",
      description: "Engines",
    });
  });
});

describe("custom fields", () => {
  it("fills contact and lead custom fields, typed as Close's schema says", async () => {
    const page = customFieldId("contact", "Source page");
    const interests = customFieldId("contact", "Interests");
    const utm = customFieldId("lead", "UTM source");
    const size = customFieldId("lead", "Company size");
    const bridge = bridgeWith({
      SOURCES: {
        s: {
          preset: "form",
          allow_unprotected: true,
          mode: "sync",
          fields: {
            [`custom.${page}`]: "page",
            [`custom.${interests}`]: "interest",
            [`lead.custom.${utm}`]: "query.utm_source",
            [`lead.custom.${size}`]: "size",
          },
        },
      },
    });
    const response = await bridge("/v1/hooks/s?utm_source=ads", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: formBody({
        email: "ada@example.com",
        company: "AE",
        page: "https://ae.example/pricing",
        interest: ["Pricing", "Demo"],
        size: "42",
      }),
    });
    expect(response.status).toBe(201);
    expect((await simContacts())[0]).toMatchObject({
      [`custom.${page}`]: "https://ae.example/pricing",
      [`custom.${interests}`]: ["Pricing", "Demo"],
    });
    expect((await simLeads())[0]).toMatchObject({
      [`custom.${utm}`]: "ads",
      [`custom.${size}`]: 42,
    });
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { BRIDGE, DEV_CLOSE_KEY, delivered, resetSimulator, SIMULATOR, simList } from "./helpers.ts";

beforeEach(resetSimulator);

describe("npm run dev", () => {
  it("serves the bridge's health", async () => {
    const response = await fetch(`${BRIDGE}/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: pkg.version, config: "valid" });
  });

  it("serves a Close simulator that stores contacts as Close does", async () => {
    const response = await fetch(`${SIMULATOR}/api/v1/contact/`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${DEV_CLOSE_KEY}:`).toString("base64")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        name: "John Smith",
        emails: [{ email: "john@example.com", type: "office" }],
        phones: [{ phone: "9045551234", type: "mobile" }],
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit")).toMatch(/^limit=\d+, remaining=\d+, reset=[\d.]+$/);
    const contact = (await response.json()) as {
      id: string;
      lead_id: string;
      phones: { phone: string; phone_formatted: string }[];
    };
    expect(contact.id).toMatch(/^cont_[A-Za-z0-9]{43}$/);
    expect(contact.lead_id).toMatch(/^lead_[A-Za-z0-9]{43}$/);
    expect(contact.phones[0]).toMatchObject({
      phone: "+19045551234",
      phone_formatted: "+1 904-555-1234",
    });
    expect(await simList("leads")).toEqual([
      expect.objectContaining({ id: contact.lead_id, name: "John Smith" }),
    ]);
  });

  it("refuses a wrong key with 401 and a RateLimit header", async () => {
    const response = await fetch(`${SIMULATOR}/api/v1/contact/`, {
      headers: { authorization: `Basic ${Buffer.from("api_wrong:").toString("base64")}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("ratelimit")).toBeTruthy();
    expect(((await response.json()) as { error: string }).error).toMatch(
      /could not verify that you are authorized/,
    );
  });

  it("turns the quick-start curl into a contact on a company lead with a note", async () => {
    const body = new URLSearchParams({
      name: "Ada Lovelace",
      email: "ada@example.com",
      phone: "(415) 555-0100",
      company: "Analytical Engines",
      message: "Call me",
    });
    const post = () =>
      fetch(`${BRIDGE}/v1/hooks/website`, {
        method: "POST",
        headers: { accept: "application/json", origin: "http://127.0.0.1:8789" },
        body,
      });
    const first = await post();
    expect(first.status).toBe(202);
    const answer = (await first.json()) as { id: string; status: string };
    expect(answer).toEqual({ id: expect.stringMatching(/^sub_/), status: "queued" });
    const created = await delivered(answer.id);
    expect(created).toMatchObject({
      outcome: "created",
      contact_id: expect.stringMatching(/^cont_/),
    });
    const contacts = await simList("contacts");
    expect(contacts).toEqual([
      expect.objectContaining({
        id: created.contact_id,
        name: "Ada Lovelace",
        phones: [expect.objectContaining({ phone: "+14155550100" })],
      }),
    ]);
    expect(await simList("leads")).toEqual([
      expect.objectContaining({ id: created.lead_id, name: "Analytical Engines" }),
    ]);

    // The same post again (no event id: a second submission) updates that contact.
    const again = (await (await post()).json()) as { id: string };
    expect(again.id).not.toBe(answer.id);
    expect(await delivered(again.id)).toMatchObject({
      outcome: "updated",
      contact_id: created.contact_id,
      lead_id: created.lead_id,
    });
    expect(await simList("contacts")).toHaveLength(1);
    expect(await simList("leads")).toHaveLength(1);
    const notes = await simList("notes");
    expect(notes).toHaveLength(2);
    expect(notes[0]?.note).toContain("Call me");
  });
});

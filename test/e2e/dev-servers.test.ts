import { beforeEach, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { BRIDGE, DEV_CLOSE_KEY, resetSimulator, SIMULATOR, simList, waitFor } from "./helpers.ts";

beforeEach(resetSimulator);

describe("npm run dev", () => {
  it("serves the bridge's health", async () => {
    const response = await fetch(`${BRIDGE}/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: pkg.version });
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
    expect(first.status).toBeLessThan(300);
    const answer = (await first.json()) as { id: string; contact_id?: string };
    expect(answer.id).toMatch(/^sub_/);
    const contacts = await waitFor(async () => {
      const list = await simList("contacts");
      return list.length > 0 ? list : undefined;
    });
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      phones: [expect.objectContaining({ phone: "+14155550100" })],
    });
    expect(await simList("leads")).toEqual([
      expect.objectContaining({ name: "Analytical Engines" }),
    ]);
    const notes = await waitFor(async () => {
      const list = await simList("notes");
      return list.length > 0 ? list : undefined;
    });
    expect(notes[0]?.note).toContain("Call me");
  });
});

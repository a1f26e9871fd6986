import { describe, expect, it } from "vitest";
import { parseConfig, type Source } from "../../src/config/load.ts";
import websiteExpected from "../fixtures/website/contact-form.expected.json";
import websiteForm from "../fixtures/website/contact-form.txt?raw";
import zapierExpected from "../fixtures/zapier/contact.expected.json";
import zapierContact from "../fixtures/zapier/contact.json";
import { shippedSources } from "../helpers/bridge.ts";
import { copyOf, jsonDelivery, prepareContact } from "../helpers/pipeline.ts";

/** A source exactly as the shipped wrangler.toml configures it. */
function shippedSource(name: string): Source {
  const result = parseConfig({ SOURCES: shippedSources() });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const source = result.config.sources.get(name);
  if (!source) throw new Error(`no shipped source ${name}`);
  return source;
}

/** The website form's urlencoded post, as a browser sends it from the pricing page. */
function formPost(body: string) {
  return {
    bytes: new TextEncoder().encode(body.trim()),
    contentType: "application/x-www-form-urlencoded",
    search: "",
    headers: new Headers({ referer: "https://www.analytical.example/pricing" }),
  };
}

describe("the shipped website and zapier sources", () => {
  it("the website form becomes exactly the expected contact (CRLF in the textarea becomes LF)", async () => {
    const prepared = await prepareContact(formPost(websiteForm), shippedSource("website"));
    expect(prepared.draft).toEqual(websiteExpected);
    expect(prepared.draft.note).not.toContain("\r");
    expect(prepared.draft.note).not.toContain("_gotcha");
    // The page view's id is the dedupe key, and no part of the note.
    expect(prepared.eventId).toBe("3d6f0a8b2c4e4f1a9b7c5d3e1f0a2b4c");
    expect(prepared.draft.note).not.toContain("idempotency_key");
  });

  it("a Zapier step's JSON becomes exactly the expected contact, keyed by its id", async () => {
    const prepared = await prepareContact(jsonDelivery(zapierContact), shippedSource("zapier"));
    expect(prepared.draft).toEqual(zapierExpected);
    expect(prepared.eventId).toBe("zap-evt-7f3c2a91");
  });

  it("the note leaves out the event id and the phone list that became the phones", async () => {
    const prepared = await prepareContact(jsonDelivery(zapierContact), shippedSource("zapier"));
    expect(prepared.draft.note).not.toContain("zap-evt-7f3c2a91");
    expect(prepared.draft.note).not.toContain("contact.phones");
  });

  it("every phone in the list becomes one of the contact's phones", async () => {
    const two = copyOf(zapierContact);
    two.contact.phones.push("+1 202 555 0199");
    const prepared = await prepareContact(jsonDelivery(two), shippedSource("zapier"));
    expect(prepared.draft.phones).toEqual([
      { phone: "+12025550175", type: "office" },
      { phone: "+12025550199", type: "office" },
    ]);
    expect(prepared.draft.note).not.toContain("555 0199");
  });
});

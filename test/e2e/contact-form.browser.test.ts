import { chromium } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_FLAGS } from "./browser.ts";
import { EXAMPLES, resetSimulator, simList, waitFor } from "./helpers.ts";

let browser: Awaited<ReturnType<typeof chromium.launch>>;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(resetSimulator);

describe("the example contact form in a real browser", () => {
  it("lands on the thank-you page and leaves a contact, its lead and the message in Close", async () => {
    const page = await browser.newPage();
    await page.goto(`${EXAMPLES}/contact-form.html?utm_source=newsletter`);
    await page.fill('input[name="name"]', "Ada Lovelace");
    await page.fill('input[name="email"]', "ada@example.com");
    await page.fill('input[name="phone"]', "(415) 555-0100");
    await page.fill('input[name="company"]', "Analytical Engines");
    await page.fill('textarea[name="message"]', "Please call me about the engine.");
    await Promise.all([
      page.waitForURL(`${EXAMPLES}/thanks.html`),
      page.click('button[type="submit"]'),
    ]);
    expect(await page.textContent("h1")).toBe("Thank you!");

    const [contact] = await waitFor(async () => {
      const contacts = await simList("contacts");
      return contacts.length > 0 ? contacts : undefined;
    });
    expect(contact).toMatchObject({
      name: "Ada Lovelace",
      emails: [expect.objectContaining({ email: "ada@example.com" })],
      phones: [expect.objectContaining({ phone: "+14155550100" })],
    });
    expect(await simList("leads")).toEqual([
      expect.objectContaining({ id: contact?.lead_id, name: "Analytical Engines" }),
    ]);
    const [note] = await waitFor(async () => {
      const notes = await simList("notes");
      return notes.length > 0 ? notes : undefined;
    });
    expect(note).toMatchObject({ lead_id: contact?.lead_id });
    expect(note?.note).toContain("Please call me about the engine.");
    expect(note?.note).toContain("utm_source: newsletter");
    await page.close();
  });

  it("sends a visitor who gives no way to reach them to the error page", async () => {
    const page = await browser.newPage();
    await page.goto(`${EXAMPLES}/contact-form.html`);
    // Bypass the browser's own required-field check, as a bot or an old browser would.
    await page.evaluate(
      `for (const input of document.querySelectorAll("input")) input.removeAttribute("required")`,
    );
    await page.fill('input[name="name"]', "Ada Lovelace");
    await Promise.all([
      page.waitForURL(/error\.html\?error=unmappable$/),
      page.click('button[type="submit"]'),
    ]);
    expect(await page.textContent("#reason")).toMatch(/email address or a phone number/);
    expect(await simList("contacts")).toEqual([]);
    await page.close();
  });
});

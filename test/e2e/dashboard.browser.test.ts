import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_FLAGS } from "./browser.ts";
import { BRIDGE } from "./helpers.ts";

let browser: Awaited<ReturnType<typeof chromium.launch>>;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the dashboard with the admin token and shows submission `id`. */
async function openSubmission(page: Awaited<ReturnType<typeof browser.newPage>>, id: string) {
  await page.goto(`${BRIDGE}/admin`);
  await page.fill("#token", "dev-admin-token-change-me-in-production");
  await page.click("#filter");
  await page.waitForSelector(`tr[data-id="${id}"]`);
  await page.click(`tr[data-id="${id}"]`);
  await page.waitForSelector(`#detail:has-text("${id}")`);
}

describe("the admin dashboard in a real browser", () => {
  it("lists submissions once given the admin token, and shows one", async () => {
    const response = await fetch(`${BRIDGE}/v1/hooks/website`, {
      method: "POST",
      headers: { accept: "application/json", origin: "http://127.0.0.1:8789" },
      body: new URLSearchParams({ email: "dashboard@example.com" }),
    });
    const { id } = (await response.json()) as { id: string };

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    await openSubmission(page, id);
    const detail = (await page.textContent("#detail")) ?? "";
    expect(JSON.parse(detail)).toMatchObject({ id, source: "website" });
    // The Content-Security-Policy let the page's own script run and blocked nothing it needs.
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the stored draft beside the one a replay would deliver", async () => {
    const response = await fetch(`${BRIDGE}/v1/hooks/website`, {
      method: "POST",
      headers: { accept: "application/json", origin: "http://127.0.0.1:8789" },
      body: new URLSearchParams({ email: "replay-preview@example.com", name: "Ada" }),
    });
    const { id } = (await response.json()) as { id: string };
    const page = await browser.newPage();
    await openSubmission(page, id);
    await page.click("#previewReplay");
    await page.waitForSelector("#drafts:not([hidden])");
    for (const side of ["#oldDraft", "#newDraft"]) {
      const draft = JSON.parse((await page.textContent(side)) ?? "null");
      expect(draft).toMatchObject({ emails: [{ email: "replay-preview@example.com" }] });
    }
    expect(await page.textContent("#changes")).toMatch(/Changed: nothing/);
    await page.close();
  });

  it("says so when the token is wrong", async () => {
    const page = await browser.newPage();
    await page.goto(`${BRIDGE}/admin`);
    await page.fill("#token", "wrong");
    await page.click("#filter");
    // A selector, not a string predicate: the page's CSP forbids the eval a string would need.
    await page.waitForSelector('#error:has-text("unauthorized")');
    await page.close();
  });
});

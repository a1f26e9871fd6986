// The console (/admin) in Debian's Chromium against the dev servers: each page and action as a
// user sees it. Screenshots go to test-artifacts/console/ (git-ignored) for a reviewer to open.
import { mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_FLAGS } from "./browser.ts";
import { ADMIN, BRIDGE, devSecret, SIMULATOR, submission, waitFor } from "./helpers.ts";

const SHOTS = "test-artifacts/console";
const TOKEN = devSecret("ADMIN_TOKEN");
const RUN = Date.now().toString(36);
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * Runs in the page: every visible element's own text whose contrast with the first opaque
 * background behind it is under WCAG AA's 4.5:1, as "TAG.class: ratio text" lines.
 */
const LOW_CONTRAST_TEXT = `(() => {
  const rgb = (color) => (color.match(/[\\d.]+/g) ?? []).slice(0, 4).map(Number);
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r = 0, g = 0, b = 0]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c[3] ?? 0) > 0) return c;
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const element of document.querySelectorAll("body *")) {
    if (!(element instanceof HTMLElement) || element.offsetParent === null) continue;
    if (![...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const fg = luminance(rgb(getComputedStyle(element).color));
    const bg = luminance(background(element));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) low.push(element.tagName + "." + element.className + ": " + ratio.toFixed(2) + " " + element.textContent.trim().slice(0, 30));
  }
  return low;
})()`;

let browser: Browser;
/** Console errors of every page (a CSP violation shows up here). */
const consoleErrors: string[] = [];
/** Requests that carried an Authorization header, by URL path. */
const authorizedPaths: string[] = [];

async function setFaults(faults: Record<string, unknown>) {
  await fetch(`${SIMULATOR}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
}

/** Posts the example form's fields as the browser form would (JSON answer). */
async function postForm(fields: Record<string, string>): Promise<{ status: number; id?: string }> {
  const response = await fetch(`${BRIDGE}/v1/hooks/website`, {
    method: "POST",
    headers: { accept: "application/json", origin: "http://127.0.0.1:8789" },
    body: new URLSearchParams(fields),
  });
  const { id } = (await response.json()) as { id?: string };
  return { status: response.status, ...(id ? { id } : {}) };
}

/** Posts a Zapier delivery. */
async function postZapier(id: string, email: string): Promise<string> {
  const response = await fetch(`${BRIDGE}/v1/hooks/zapier`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${devSecret("ZAPIER_TOKEN")}`,
    },
    body: JSON.stringify({ id, email, full_name: "Katherine Johnson", company: { name: "NASA" } }),
  });
  return ((await response.json()) as { id: string }).id;
}

/** When a submission was received (ISO), as the admin API says. */
async function submissionReceived(id: string): Promise<string | undefined> {
  const response = await fetch(`${BRIDGE}/v1/admin/submissions/${id}`, { headers: ADMIN });
  return ((await response.json()) as { received_at?: string }).received_at;
}

function waitForStatus(id: string, status: string, timeoutMs = 30_000) {
  return waitFor(async () => {
    const s = await submission(id);
    return s.status === status ? s : undefined;
  }, timeoutMs);
}

type Stats = {
  by_status: Record<string, number>;
  outcomes: Record<string, number>;
  outcome_buckets: unknown[];
};

async function stats(window = "24h"): Promise<Stats> {
  return (await (
    await fetch(`${BRIDGE}/v1/admin/stats?window=${window}`, { headers: ADMIN })
  ).json()) as Stats;
}

/** A signed-in page of the console at `path`. */
async function openConsole(path: string, viewport = DESKTOP): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on("console", (message) => {
    // A refused request (an expected 4xx) is logged by the browser itself; the answers are
    // checked where they happen. Anything else, a CSP violation above all, is a problem.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      consoleErrors.push(`${page.url()}: ${message.text()}`);
    }
  });
  page.on("request", (request) => {
    if (request.headers().authorization) authorizedPaths.push(new URL(request.url()).pathname);
  });
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto(`${BRIDGE}/admin`);
  await page.fill("#token", TOKEN);
  await page.click("#sign-in-form button[type=submit]");
  await page.waitForSelector("#app:not([hidden])");
  if (path !== "/admin") {
    await page.goto(`${BRIDGE}${path}`);
    await page.waitForSelector("#app:not([hidden])");
  }
  return page;
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const seeded = { formIds: [] as string[], failedThenDelivered: "", dead: "", before: {} as Stats };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  await setFaults({});
  seeded.before = await stats();
  // A few submissions through the example form, and one it refuses (no way to reach the person).
  for (const [name, email] of [
    ["Ada Lovelace", `ada.${RUN}@analytical.example`],
    ["Grace Hopper", `grace.${RUN}@navy.example`],
    ["Alan Turing", `alan.${RUN}@bletchley.example`],
  ] as const) {
    const { id } = await postForm({
      name,
      email,
      company: "Analytical Engines",
      message: "A demo, please.",
    });
    seeded.formIds.push(id ?? "");
  }
  expect((await postForm({ name: "No Contact" })).status).toBe(422);
  for (const id of seeded.formIds) await waitForStatus(id, "delivered");
  // One through a source while Close fails: its first attempt fails, the retry delivers it.
  await setFaults({ error_rate: 1, error_status: 503 });
  seeded.failedThenDelivered = await postZapier(`evt-${RUN}-1`, `katherine.${RUN}@nasa.example`);
  await waitForStatus(seeded.failedThenDelivered, "retrying");
  await setFaults({});
  await waitForStatus(seeded.failedThenDelivered, "delivered");
  // One Close refuses outright: dead at once.
  await setFaults({ error_rate: 1, error_status: 400 });
  seeded.dead = await postZapier(`evt-${RUN}-2`, `dorothy.${RUN}@nasa.example`);
  await waitForStatus(seeded.dead, "dead");
  await setFaults({});
}, 120_000);

afterAll(async () => {
  await setFaults({});
  await browser?.close();
});

describe("the console in a real browser", () => {
  it("asks for the admin token, says when it is refused, and keeps it in the tab only", async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(`${BRIDGE}/admin`);
    expect(await page.isVisible("#sign-in")).toBe(true);
    expect(await page.isVisible("#app")).toBe(false);
    await shoot(page, "sign-in");
    await page.fill("#token", "wrong-token");
    await page.click("#sign-in-form button[type=submit]");
    await page.waitForSelector("#message:not([hidden])");
    expect(await page.textContent("#message")).toContain("refused");
    expect(await page.isVisible("#app")).toBe(false);
    await page.fill("#token", TOKEN);
    await page.click("#sign-in-form button[type=submit]");
    await page.waitForSelector("#overview-cards li");
    expect(await page.evaluate(() => sessionStorage.getItem("closeBridgeAdminToken"))).toBe(TOKEN);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.evaluate("document.cookie")).toBe("");
    await page.click("#sign-out");
    await page.waitForSelector("#sign-in:not([hidden])");
    expect(await page.evaluate(() => sessionStorage.getItem("closeBridgeAdminToken"))).toBeNull();
    await page.close();
  });

  it("Overview shows the counts, a bar per hour split by outcome, the delay chart and the failure reason", async () => {
    const page = await openConsole("/admin");
    await page.waitForSelector("#outcome-chart g.bar");
    const now = await stats();
    const received = Object.values(now.by_status).reduce((a, b) => a + b, 0);
    const receivedBefore = Object.values(seeded.before.by_status).reduce((a, b) => a + b, 0);
    // Our five recorded submissions are among them (other tests may add more in between).
    expect(received).toBeGreaterThanOrEqual(receivedBefore + 5);
    const card = async (label: string) =>
      Number((await page.textContent(`[data-count="${label}"]`))?.replace(/\D/g, ""));
    expect(await card("received")).toBe(received);
    expect(await card("dead")).toBe(now.outcomes.dead);
    expect(await card("delivered")).toBe((now.outcomes.created ?? 0) + (now.outcomes.updated ?? 0));
    expect(await card("not recorded")).toBeGreaterThanOrEqual(1);
    expect(await page.locator("#outcome-chart g.bar").count()).toBe(24);
    expect(await page.locator("#delay-chart g.bar").count()).toBe(24);
    // The bars of the hours this test's submissions were received in have their segments.
    const barOf = async (chart: string, id: string) => {
      const received = Date.parse((await submissionReceived(id)) ?? "");
      const hour = new Date(Math.floor(received / 3_600_000) * 3_600_000).toISOString();
      return page.locator(`${chart} g.bar[data-start="${hour}"]`);
    };
    const deliveredBar = await barOf("#outcome-chart", seeded.failedThenDelivered);
    expect(await deliveredBar.locator("rect.kind-created").count()).toBe(1);
    expect(
      await (await barOf("#outcome-chart", seeded.dead)).locator("rect.kind-dead").count(),
    ).toBe(1);
    const delayBar = await barOf("#delay-chart", seeded.failedThenDelivered);
    expect(await delayBar.locator("rect.delay-p50").count()).toBe(1);
    expect(await delayBar.locator("title").textContent()).toMatch(/delivered, p50 .+, p95 .+/);
    const reason = page.locator("#overview-reasons a", { hasText: "close_rejected" });
    expect(await reason.getAttribute("href")).toMatch(
      /^\/admin\/submissions\?error=close_rejected&since=/,
    );
    await shoot(page, "overview");
    await reason.click();
    await page.waitForSelector(`#list-rows tr[data-id="${seeded.dead}"]`);
    expect(page.url()).toContain("/admin/submissions?error=close_rejected");
    await page.goto(`${BRIDGE}/admin?window=7d`);
    await page.waitForSelector("#outcome-chart g.bar");
    expect(await page.locator("#outcome-chart g.bar").count()).toBe(28);
    expect(await page.isChecked("#window-7d")).toBe(true);
    await page.close();
  });

  it("Submissions finds a person by email, filters by status and source, pages, and refreshes live", async () => {
    const page = await openConsole("/admin/submissions");
    await page.waitForSelector(`#list-rows tr[data-id="${seeded.failedThenDelivered}"]`);
    await page.fill("#filter-email", `KATHERINE.${RUN}@nasa.example`);
    await page.click("#filter-form button[type=submit]");
    await expect.poll(() => page.locator("#list-rows tr[data-id]").count()).toBe(1);
    expect(await page.getAttribute("#list-rows tr[data-id]", "data-id")).toBe(
      seeded.failedThenDelivered,
    );
    // The email is in the tab's history state, never in the address.
    expect(page.url()).not.toContain("katherine");
    await shoot(page, "submissions-by-email");
    await page.click("#filter-clear");
    await page.waitForURL(`${BRIDGE}/admin/submissions`);
    await page.waitForLoadState("networkidle");
    expect(await page.inputValue("#filter-email")).toBe("");
    await page.selectOption("#filter-status", "dead");
    await page.selectOption("#filter-source", "zapier");
    await page.click("#filter-form button[type=submit]");
    await page.waitForSelector(`#list-rows tr[data-id="${seeded.dead}"]`);
    await page.waitForURL(/status=dead&source=zapier/);
    await expect
      .poll(
        async () => new Set(await page.locator("#list-rows tr[data-id] .badge").allTextContents()),
      )
      .toEqual(new Set(["dead"]));
    expect(await page.locator(`#list-rows tr[data-id="${seeded.dead}"]`).count()).toBe(1);

    // Pages: 26 more from the form, newest first, 25 a page.
    const start = new Date(Date.now() - 1000).toISOString();
    const posts = await Promise.all(
      Array.from({ length: 26 }, (_, i) => postForm({ email: `page${i}.${RUN}@example.com` })),
    );
    expect(posts.map((p) => p.status)).toEqual(posts.map(() => 202));
    await page.goto(
      `${BRIDGE}/admin/submissions?source=website&since=${encodeURIComponent(start)}`,
    );
    await page.waitForSelector("#list-rows tr[data-id]");
    expect(await page.locator("#list-rows tr[data-id]").count()).toBe(25);
    expect(await page.textContent("#page-label")).toContain("Page 1");
    await page.click("#page-older");
    await page.locator("#page-label", { hasText: "Page 2" }).waitFor();
    expect(await page.locator("#list-rows tr[data-id]").count()).toBe(1);
    await page.click("#page-newer");
    await page.locator("#page-label", { hasText: "Page 1" }).waitFor();

    // Live refresh: a new submission appears without a click.
    await page.check("#live-refresh");
    const fresh = await postForm({ email: `live.${RUN}@example.com` });
    await page.waitForSelector(`#list-rows tr[data-id="${fresh.id}"]`, { timeout: 20_000 });
    await page.uncheck("#live-refresh");
    await page.close();
  });

  it("one submission shows its timeline with the failed and the delivering attempt, and links to its contact and lead in Close", async () => {
    const page = await openConsole(`/admin/submissions/${seeded.failedThenDelivered}`);
    await page.waitForSelector("#timeline li[data-attempt]");
    const attempts = page.locator("#timeline li[data-attempt]");
    expect(await attempts.count()).toBe(2);
    const first = (await attempts.nth(0).textContent()) ?? "";
    expect(first).toContain("Attempt 1");
    // How long the attempt took, not read as a wait before the next one.
    expect(first).toMatch(/Failed: will be retried \(the attempt took [\d.]+ (ms|s|min)\)/);
    expect(first).toContain("Close 503");
    expect(first).toContain("close_unavailable");
    expect(first).toContain("Close answered 503");
    expect(await attempts.nth(1).textContent()).toContain("Delivered: created in Close");
    const detail = await submission(seeded.failedThenDelivered);
    expect(await page.getAttribute("#close-link", "href")).toBe(
      `https://app.close.com/lead/${detail.lead_id}/`,
    );
    // The summary links the contact (on its lead's page, Close has no contact page) and the lead.
    const contactLink = page.locator("#detail-summary a.contact-link");
    expect(await contactLink.textContent()).toBe(detail.contact_id);
    expect(await contactLink.getAttribute("href")).toBe(
      `https://app.close.com/lead/${detail.lead_id}/#contact=${detail.contact_id}`,
    );
    expect(await page.getAttribute("#detail-summary a.lead-link", "href")).toBe(
      `https://app.close.com/lead/${detail.lead_id}/`,
    );
    expect(await page.isVisible("#close-link")).toBe(true);
    expect(await page.textContent("#received")).toContain(`katherine.${RUN}@nasa.example`);
    expect(await page.textContent("#draft")).toContain("NASA");
    // The Close requests of both attempts: the failed ones answered 503, the lead written with its id.
    const requests = (await page.textContent("#close-requests")) ?? "";
    expect(requests).toContain("/data/search/");
    expect(requests).toContain(detail.lead_id ?? "missing");
    await shoot(page, "submission");
    await page.setViewportSize(PHONE);
    await shoot(page, "submission-phone");
    await page.close();
  });

  it("replays a dead submission from its page and follows it until it is delivered", async () => {
    const page = await openConsole(`/admin/submissions/${seeded.dead}`);
    await page.waitForSelector("#timeline li[data-attempt]");
    expect(await page.textContent("#timeline")).toContain("Failed: dead");
    await page.click("#replay");
    await page.waitForSelector("#detail-notice:not([hidden])");
    await page
      .locator("#detail-summary .badge", { hasText: /^delivered/ })
      .waitFor({ timeout: 30_000 });
    expect(await page.locator("#timeline li[data-attempt]").count()).toBe(2);
    expect(await page.locator("#timeline li.event-replayed").count()).toBe(1);
    expect(await page.locator("#timeline li[data-attempt]").last().textContent()).toContain(
      "Attempt 2",
    );
    await shoot(page, "submission-replayed");
    await page.close();
  });

  it("previews a replay: the stored draft beside the one a replay would deliver", async () => {
    const { id } = await postForm({ email: `preview.${RUN}@example.com`, name: "Ada" });
    const page = await openConsole(`/admin/submissions/${id}`);
    await page.click("#preview-replay");
    await page.waitForSelector("#replay-preview:not([hidden])");
    for (const side of ["#old-draft", "#new-draft"]) {
      expect(await page.textContent(side)).toContain(`preview.${RUN}@example.com`);
    }
    expect(await page.textContent("#replay-changes")).toMatch(/Changed: nothing/);
    await shoot(page, "submission-replay-preview");
    await page.close();
  });

  it("erases a submission from the log, and says that Close is untouched", async () => {
    const email = `erase.${RUN}@example.com`;
    const { id } = await postForm({ email, name: "Erase Me" });
    await waitForStatus(id ?? "", "delivered");
    const page = await openConsole(`/admin/submissions/${id}`);
    await page.waitForSelector("#timeline li[data-attempt]");
    await page.click("#erase");
    await page.locator("#detail-notice", { hasText: "Close is untouched" }).waitFor();
    expect(await page.isVisible("#erase")).toBe(false);
    expect(await page.textContent("#timeline")).toBe("");
    const gone = await fetch(`${BRIDGE}/v1/admin/submissions/${id}`, { headers: ADMIN });
    expect(gone.status).toBe(404);
    // Close keeps the contact: erasure is the bridge's log only.
    const contacts = (await (await fetch(`${SIMULATOR}/__sim/contacts`)).json()) as {
      data: unknown[];
    };
    expect(JSON.stringify(contacts.data)).toContain(email);
    await shoot(page, "submission-erased");
    await page.close();
  });

  it("Dead letters groups by reason and replays these N with progress, then shows the result", {
    timeout: 150_000,
  }, async () => {
    await setFaults({ error_rate: 1, error_status: 400 });
    const dead = [
      await postZapier(`evt-${RUN}-3`, `a.${RUN}@example.com`),
      await postZapier(`evt-${RUN}-4`, `b.${RUN}@example.com`),
    ];
    for (const id of dead) await waitForStatus(id, "dead");
    await setFaults({});
    const page = await openConsole("/admin/dead-letters");
    const group = page.locator('article[data-code="close_rejected"]');
    await group.waitFor();
    const count = Number((await group.locator(".group-count").textContent())?.replace(/\D/g, ""));
    expect(count).toBeGreaterThanOrEqual(2);
    expect(await group.locator("button").textContent()).toBe(`Replay these ${count}`);
    await shoot(page, "dead-letters");
    await group.locator("button").click();
    const report = page.locator("#dead-report");
    await report
      .locator(".replay-progress", { hasText: `Replayed ${count} of ${count}` })
      .waitFor({ timeout: 30_000 });
    expect(await report.locator("progress").getAttribute("value")).toBe(String(count));
    await report.locator(".follow", { hasText: `${count} delivered` }).waitFor({ timeout: 60_000 });
    // Delivered, they left the dead letters.
    await page.locator('article[data-code="close_rejected"]').waitFor({ state: "detached" });
    await shoot(page, "dead-letters-replayed");
    for (const id of dead) expect((await submission(id)).status).toBe("delivered");
    await page.close();
  });

  it("Sources lists every source with whether its secret is set, copies an endpoint, and Try it previews", async () => {
    const page = await openConsole("/admin/sources");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.waitForSelector("#sources-list article");
    const sources = (
      (await (await fetch(`${BRIDGE}/v1/admin/sources`, { headers: ADMIN })).json()) as {
        data: { name: string }[];
      }
    ).data;
    expect(await page.locator("#sources-list article").count()).toBe(sources.length);
    const website = page.locator('article[data-source="website"]');
    expect(await website.locator(".auth").textContent()).toContain("Public");
    const typeform = page.locator('article[data-source="typeform"]');
    expect(await typeform.locator(".auth").textContent()).toContain("TYPEFORM_SECRET");
    expect(await typeform.locator(".auth .badge").textContent()).toBe("set");
    expect(await page.locator('article[data-source="jotform"] .endpoint input').inputValue()).toBe(
      `${BRIDGE}/v1/hooks/jotform?token=<JOTFORM_TOKEN>`,
    );
    expect(
      await page.locator('article[data-source="zapier"] .last-received').textContent(),
    ).not.toBe("never");
    // The last post and what became of it (the zapier posts above were recorded).
    expect(await page.locator('article[data-source="zapier"] .last-post').textContent()).toMatch(
      /ago, (recorded|refused|ignored|spam)/,
    );
    await page.locator('article[data-source="zapier"] .endpoint button').click();
    await page
      .locator('article[data-source="zapier"] [role=status]', { hasText: "Copied" })
      .waitFor();
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(`${BRIDGE}/v1/hooks/zapier`);
    // The page never shows a secret's value.
    const text = (await page.textContent("#sources-list")) ?? "";
    for (const secret of ["ZAPIER_TOKEN", "TYPEFORM_SECRET", "JOTFORM_TOKEN", "CLOSE_API_KEY"]) {
      expect(text).not.toContain(devSecret(secret));
    }
    await shoot(page, "sources");

    await page.locator('article[data-source="zapier"] button', { hasText: "Try it" }).click();
    expect(await page.inputValue("#try-content-type")).toBe("application/json");
    expect(await page.inputValue("#try-body")).toContain("grace@navy.example");
    await page.click("#try-form button[type=submit]");
    await page.waitForSelector("#try-result table.requests");
    const result = (await page.textContent("#try-result")) ?? "";
    expect(result).toContain("grace@navy.example");
    expect(result).toContain("/data/search/");
    expect(
      await page.locator("#try-result table.requests tbody tr").count(),
    ).toBeGreaterThanOrEqual(2);
    await page.locator("#try-result").scrollIntoViewIfNeeded();
    await shoot(page, "sources-try-it");
    // A payload that cannot become a contact says why, in the panel.
    await page.fill("#try-body", JSON.stringify({ full_name: "Nobody" }));
    await page.click("#try-form button[type=submit]");
    await page.waitForSelector("#try-result .notice.bad");
    expect(await page.textContent("#try-result")).toContain("unmappable");
    await page.close();
  });

  it("works with the keyboard: the skip link, the navigation, and focus on the new page's heading", async () => {
    const page = await openConsole("/admin");
    // A fresh load (the token stays in the tab): the first Tab reaches the skip link.
    await page.reload();
    await page.waitForSelector("#overview-cards li");
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement?.textContent")).toBe("Skip to content");
    await page.focus('a[data-page-link="submissions"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(`${BRIDGE}/admin/submissions`);
    expect(await page.evaluate("document.activeElement?.id")).toBe("heading-submissions");
    expect(await page.getAttribute('a[data-page-link="submissions"]', "aria-current")).toBe("page");
    await page.goBack();
    await page.waitForURL(`${BRIDGE}/admin`);
    await page.waitForSelector('section[data-page="overview"]:not([hidden])');
    await page.close();
  });

  it("has text with enough contrast (WCAG AA, 4.5:1) on every page", async () => {
    const page = await openConsole(`/admin/submissions/${seeded.failedThenDelivered}`);
    await page.waitForSelector("#timeline li[data-attempt]");
    const check = () => page.evaluate(LOW_CONTRAST_TEXT) as Promise<string[]>;
    expect(await check()).toEqual([]);
    for (const path of ["/admin", "/admin/submissions", "/admin/sources", "/admin/dead-letters"]) {
      await page.goto(`${BRIDGE}${path}`);
      await page.waitForSelector("#app:not([hidden])");
      await page.waitForLoadState("networkidle");
      expect(await check(), path).toEqual([]);
    }
    await page.close();
  });

  it("fits a phone's width on every page", async () => {
    const page = await openConsole("/admin", PHONE);
    for (const [name, path, ready] of [
      ["overview", "/admin", "#outcome-chart g.bar"],
      ["submissions", "/admin/submissions", "#list-rows tr[data-id]"],
      [
        "submission",
        `/admin/submissions/${seeded.failedThenDelivered}`,
        "#timeline li[data-attempt]",
      ],
      ["sources", "/admin/sources", "#sources-list article"],
      ["dead-letters", "/admin/dead-letters", "#dead-total:not(:empty)"],
    ] as const) {
      await page.goto(`${BRIDGE}${path}`);
      await page.waitForSelector(ready);
      await shoot(page, `phone-${name}`);
      const width = await page.evaluate("document.documentElement.scrollWidth");
      expect(width, name).toBeLessThanOrEqual(PHONE.width);
    }
    await page.close();
  });

  it("sent the admin token only to the admin API, and the pages logged no error", () => {
    expect(authorizedPaths.length).toBeGreaterThan(10);
    expect(authorizedPaths.filter((path) => !path.startsWith("/v1/admin/"))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

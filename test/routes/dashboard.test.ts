import { describe, expect, it } from "vitest";
import { ConsoleBody } from "../../src/dashboard/page.tsx";
import { PAGE_TITLES, type PageName } from "../../src/dashboard/pages.ts";
import { callBridge } from "../helpers/bridge.ts";

const PAGES = [
  ["/admin", "overview"],
  ["/admin/", "overview"],
  ["/admin/submissions", "submissions"],
  ["/admin/submissions/sub_01M8NVCKC5PJAG2501H914XS3V", "submission"],
  ["/admin/sources", "sources"],
  ["/admin/dead-letters", "deadLetters"],
] as const;

/** The console's markup with `page` shown, as the build renders it into the client script. */
function renderMarkup(page: PageName): string {
  return String(ConsoleBody({ active: page }));
}

/** The page the markup shows (the one section not hidden). */
function shownPage(html: string): string[] {
  return [...html.matchAll(/<section data-page="([^"]+)"([^>]*)>/g)]
    .filter((match) => !/\bhidden\b/.test(match[2] ?? ""))
    .map((match) => match[1] as string);
}

describe("GET /admin and its pages", () => {
  it("serves the console without any data, under a strict nonce CSP", async () => {
    const response = await callBridge("/admin");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    const html = await response.text();
    // The script (which puts the console's markup on the page) and the stylesheet are static
    // assets (public/admin/), each named with its version.
    const loaded = [
      ...html.matchAll(/<(?:script|link rel="stylesheet") nonce="([^"]+)" (?:src|href)="([^"]+)"/g),
    ];
    expect(loaded.map((match) => match[1])).toEqual([nonce, nonce]);
    expect(loaded.map((match) => match[2]).sort()).toEqual([
      expect.stringMatching(/^\/admin\/console\.css\?v=[0-9a-f]{12}$/),
      expect.stringMatching(/^\/admin\/console\.js\?v=[0-9a-f]{12}$/),
    ]);
    expect(html).not.toContain("__CONSOLE_NONCE__");
    expect(html).not.toMatch(/sub_[0-9A-Z]{26}/);
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it.each(PAGES)("serves %s named in the title", async (path, page) => {
    const response = await callBridge(path);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<title>${PAGE_TITLES[page]} · close-bridge</title>`);
  });

  it.each(PAGES)("renders the markup of %s with its page shown", (_path, page) => {
    expect(shownPage(renderMarkup(page))).toEqual([page]);
  });

  it("answers 404 for a path that names no page", async () => {
    for (const path of ["/admin/nope", "/admin/submissions/not-an-id", "/admin/sources/x"]) {
      expect((await callBridge(path)).status, path).toBe(404);
    }
  });

  it("marks the current page in the navigation", () => {
    const html = renderMarkup("sources");
    expect(
      [...html.matchAll(/<a [^>]*aria-current="page"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]),
    ).toEqual(["Sources"]);
  });

  it("offers every submission status as a filter", () => {
    const html = renderMarkup("submissions");
    const select = /<select id="filter-status"[^>]*>(.*?)<\/select>/s.exec(html)?.[1] ?? "";
    const options = [...select.matchAll(/<option(?: value="[^"]*")?>([^<]*)<\/option>/g)].map(
      (match) => match[1],
    );
    expect(options).toEqual([
      "any status",
      "queued",
      "delivering",
      "retrying",
      "delivered",
      "skipped",
      "dead",
    ]);
  });

  it("labels every form control (by for=, by an enclosing label, or aria-label)", () => {
    const html = renderMarkup("overview");
    const controls = [...html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)];
    expect(controls.length).toBeGreaterThan(10);
    for (const control of controls) {
      const attributes = control[2] ?? "";
      const before = html.slice(0, control.index);
      const id = /\bid="([^"]+)"/.exec(attributes)?.[1];
      const labelled =
        /aria-label=/.test(attributes) ||
        (id !== undefined && html.includes(`for="${id}"`)) ||
        before.lastIndexOf("<label") > before.lastIndexOf("</label>");
      expect(labelled, attributes).toBe(true);
    }
  });

  it("has an incidents panel on the Overview for the client to fill", () => {
    const html = renderMarkup("overview");
    const overview = html.slice(html.indexOf('<section data-page="overview"'));
    expect(overview).toMatch(
      /^<section data-page="overview"[^>]*>\s*<h1[^>]*>Overview<\/h1>\s*<section class="panel" aria-labelledby="incidents-heading">/,
    );
    expect(html).toContain('<ul id="overview-incidents" class="incidents"></ul>');
  });

  it("uses a new nonce for every answer", async () => {
    const nonceOf = async () => (await callBridge("/admin")).headers.get("content-security-policy");
    expect(await nonceOf()).not.toBe(await nonceOf());
  });
});

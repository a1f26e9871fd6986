import { describe, expect, it } from "vitest";
import { callBridge } from "../helpers/bridge.ts";

describe("GET /admin", () => {
  it("serves the dashboard page without any data, under a strict nonce CSP", async () => {
    const response = await callBridge("/admin");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await response.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).not.toMatch(/sub_[0-9A-Z]{26}/);
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("offers every submission status as a filter", async () => {
    const html = await (await callBridge("/admin")).text();
    const options = [...html.matchAll(/<option(?: value="([^"]*)")?>([^<]*)<\/option>/g)].map(
      (match) => match[2],
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

  it("has an incidents section for the client to fill", async () => {
    const html = await (await callBridge("/admin")).text();
    expect(html).toContain('<h2 id="incidentsTitle">Incidents</h2>');
    expect(html).toContain('<ul id="incidents"></ul>');
  });

  it("uses a new nonce for every answer", async () => {
    const nonceOf = async () => (await callBridge("/admin")).headers.get("content-security-policy");
    expect(await nonceOf()).not.toBe(await nonceOf());
  });
});

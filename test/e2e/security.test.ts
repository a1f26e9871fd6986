import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { signTypeform } from "../authenticate/sign.ts";
import { BRIDGE } from "./helpers.ts";

const devSecret = (name: string) => {
  const line = readFileSync(".dev.vars.example", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} in .dev.vars.example`);
  return line.slice(name.length + 1);
};

const ADMIN = { authorization: `Bearer ${devSecret("ADMIN_TOKEN")}` };

describe("protection under npm run dev", () => {
  it("refuses the zapier source without its token and accepts the development token", async () => {
    const body = JSON.stringify({ id: crypto.randomUUID(), email: "zap@example.com" });
    const without = await fetch(`${BRIDGE}/v1/hooks/zapier`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(without.status).toBe(401);
    const withToken = await fetch(`${BRIDGE}/v1/hooks/zapier`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${devSecret("ZAPIER_TOKEN")}`,
      },
      body,
    });
    expect(withToken.status).toBe(202);
  });

  it("refuses another site's page and answers a filled honeypot like a success, storing nothing", async () => {
    const form = (origin: string, fields: Record<string, string>) =>
      fetch(`${BRIDGE}/v1/hooks/website`, {
        method: "POST",
        headers: { accept: "application/json", origin },
        body: new URLSearchParams(fields),
      });
    expect((await form("https://evil.example", { email: "a@example.com" })).status).toBe(403);
    const spam = await form("http://127.0.0.1:8789", {
      email: "bot@example.com",
      _gotcha: "buy now",
    });
    expect(spam.status).toBe(202);
    const { id, status } = (await spam.json()) as { id: string; status: string };
    expect(status).toBe("queued");
    const logged = await fetch(`${BRIDGE}/v1/admin/submissions/${id}`, { headers: ADMIN });
    expect(logged.status).toBe(404);
  });

  it("accepts a delivery signed as Typeform signs, and refuses it with one byte changed", async () => {
    const body = readFileSync("test/fixtures/typeform/documented-example.json", "utf8");
    const headers = await signTypeform(devSecret("TYPEFORM_SECRET"), body);
    const post = (text: string) =>
      fetch(`${BRIDGE}/v1/hooks/typeform`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: text,
      });
    const changed = body.replace('"form_response"', '"form_responsf"');
    expect(changed).not.toBe(body);
    expect((await post(changed)).status).toBe(401);
    expect([200, 202]).toContain((await post(body)).status);
  });
});

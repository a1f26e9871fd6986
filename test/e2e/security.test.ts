import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { signTypeform } from "../authenticate/sign.ts";
import { ADMIN, BRIDGE, delivered, devSecret, simList, submission, waitFor } from "./helpers.ts";

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
    // A genuine post after it reaches Close, and is all that does.
    const genuine = await form("http://127.0.0.1:8789", { email: "ann@example.com" });
    await delivered(((await genuine.json()) as { id: string }).id);
    const emails = (await simList("contacts")).flatMap((contact) =>
      (contact.emails as { email: string }[]).map((e) => e.email),
    );
    // (Other tests' deliveries may land too: only the bot's address must be missing.)
    expect(emails).toContain("ann@example.com");
    expect(emails).not.toContain("bot@example.com");
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
    const accepted = await post(body);
    expect([200, 202]).toContain(accepted.status);
    // Settled before the next file resets the simulator, so that it arrives in no other test's.
    const { id } = (await accepted.json()) as { id: string };
    await waitFor(async () => {
      const { status } = await submission(id);
      return ["queued", "delivering", "retrying"].includes(status) ? undefined : status;
    });
  });
});

// The simulator's alert sinks: the Slack-compatible one refuses what Slack refuses, both record
// what they received with the signing headers, and both can be told to fail.
import { beforeEach, describe, expect, it } from "vitest";
import { readSimulator, resetSimulator, sendToSimulator } from "./helpers.ts";

beforeEach(resetSimulator);

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  sendToSimulator(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

type Received = { channel: string; status: number; headers: Record<string, string>; body: unknown };

describe("the alert sinks", () => {
  it("record each post with its channel, status, signing headers and body", async () => {
    const slack = await post("/__sim/alerts/slack", JSON.stringify({ text: "hello" }));
    expect(slack.status).toBe(200);
    expect(await slack.text()).toBe("ok");
    const webhook = await post(
      "/__sim/alerts/webhook",
      JSON.stringify({ type: "incident.opened" }),
      {
        "webhook-id": "inc_1.opened.webhook",
        "webhook-timestamp": "1700000000",
        "webhook-signature": "v1,abc",
        authorization: "Bearer never-kept",
      },
    );
    expect(webhook.status).toBe(200);
    const data = await readSimulator<Received>("alerts");
    expect(data).toMatchObject([
      { channel: "slack", status: 200, body: { text: "hello" } },
      {
        channel: "webhook",
        status: 200,
        body: { type: "incident.opened" },
        headers: {
          "content-type": "application/json",
          "webhook-id": "inc_1.opened.webhook",
          "webhook-timestamp": "1700000000",
          "webhook-signature": "v1,abc",
        },
      },
    ]);
    expect(data[1]?.headers).not.toHaveProperty("authorization");
  });

  it("the Slack sink refuses a body that is not JSON or has no text, as Slack does", async () => {
    const notJson = await post("/__sim/alerts/slack", "text=hello");
    expect([notJson.status, await notJson.text()]).toEqual([400, "invalid_payload"]);
    const noText = await post("/__sim/alerts/slack", JSON.stringify({ blocks: [] }));
    expect([noText.status, await noText.text()]).toEqual([400, "no_text"]);
  });

  it("fail with the status they are given until cleared, and a reset clears them", async () => {
    await post("/__sim/alerts/faults", JSON.stringify({ status: 503 }));
    expect((await post("/__sim/alerts/slack", JSON.stringify({ text: "a" }))).status).toBe(503);
    await post("/__sim/alerts/faults", "{}");
    expect((await post("/__sim/alerts/slack", JSON.stringify({ text: "b" }))).status).toBe(200);
    await post("/__sim/alerts/faults", JSON.stringify({ status: 500 }));
    await resetSimulator();
    expect((await post("/__sim/alerts/webhook", "{}")).status).toBe(200);
    const data = await readSimulator<Received>("alerts");
    expect(data.map((r) => r.status)).toEqual([200]);
  });

  it("refuse a fault status outside 400..599", async () => {
    const answer = await post("/__sim/alerts/faults", JSON.stringify({ status: 200 }));
    expect(answer.status).toBe(400);
  });
});

import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { requireConfig } from "../../src/config/load.ts";
import { connectClose } from "../../src/deliver/connect.ts";
import { resetWorld } from "../helpers/reset.ts";
import { setFaults, simRequests } from "../helpers/sim.ts";

beforeEach(resetWorld);

const config = requireConfig(env);
const withKey = (key: string) => ({ ...env, CLOSE_API_KEY: key }) as Env;
const find = { emails: ["ada@example.com"], phones: [] };

describe("the connection to Close", () => {
  it("names the organization it reaches by a digest of the API key, never the key itself", async () => {
    const scope = (await connectClose(env, config, 1000)).scope;
    expect(scope).not.toContain(env.CLOSE_API_KEY);
    expect(scope).not.toContain(btoa(`${env.CLOSE_API_KEY}:`));
    expect((await connectClose(env, config, 1000)).scope).toBe(scope);
    expect((await connectClose(withKey("api_wrong"), config, 1000)).scope).not.toBe(scope);
  });

  it("shares a key's rate-limit window among its clients, and only among them", async () => {
    await setFaults({ rate_limit: { limit: 1, window_s: 30 } });
    await (await connectClose(env, config, 1000)).findContacts(find);
    // Another client of the same key knows the window is used up and sends nothing.
    await expect((await connectClose(env, config, 1000)).findContacts(find)).rejects.toMatchObject({
      kind: "rate_limited",
    });
    expect(await simRequests()).toHaveLength(1);
    // A client of another key has its own window: its request goes out (and Close refuses the key).
    await expect(
      (await connectClose(withKey("api_wrong"), config, 1000)).findContacts(find),
    ).rejects.toMatchObject({
      kind: "auth",
    });
    expect(await simRequests()).toHaveLength(2);
  });

  it("keeps within the organization's limit when other keys of the organization use it", async () => {
    await setFaults({ organization_rate_limit: { limit: 3, window_s: 2 } });
    // Another integration of the organization, with its own key, uses two of the three.
    for (let i = 0; i < 2; i++) {
      const response = await fetch("http://close.test/api/v1/data/search/", {
        method: "POST",
        headers: {
          authorization: `Basic ${btoa("api_dev.closebridge0simulator0key2:")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ query: { type: "object_type", object_type: "contact" } }),
      });
      expect(response.status).toBe(200);
    }
    const close = await connectClose(env, config, 5000);
    for (let i = 0; i < 3; i++) await close.findContacts(find);
    const statuses = (await simRequests()).map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});

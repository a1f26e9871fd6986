// The phone metadata is a static asset the Worker reads through its ASSETS binding until it is
// installed in the isolate: every path that maps a submission loads it first, and when it cannot be read the
// sender is asked to send again (503 phone_data_unavailable with Retry-After): nothing recorded,
// nothing sent, no phone dropped, and the next request loads it.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ErrorBody } from "../../src/errors.ts";
import { isPhoneMetadataInstalled, uninstallPhoneMetadata } from "../../src/map/phone.ts";
import { loadPhoneMetadata, PHONE_METADATA_PATH } from "../../src/phone-metadata.ts";
import { loadSubmission } from "../../src/store/submissions.ts";
import { captured } from "../helpers/capture.ts";
import { DEV_SECRETS } from "../helpers/deliveries.ts";
import { PHONE_METADATA } from "../helpers/phone-metadata.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { simContacts } from "../helpers/sim.ts";

beforeEach(async () => {
  await resetWorld();
  // Every test starts as a fresh isolate does, without the metadata.
  uninstallPhoneMetadata();
});

const ADMIN = { authorization: `Bearer ${DEV_SECRETS.ADMIN_TOKEN}` };
const TYPED = "(415) 555-0100";
const E164 = "+14155550100";

/** An ASSETS binding that answers `failure` to its next `failNext` requests, then the metadata. */
function flakyAssets(failure: () => Response = () => new Response("down", { status: 503 })) {
  const assets = {
    failNext: 1,
    requested: [] as string[],
    async fetch(input: string) {
      assets.requested.push(new URL(input).pathname);
      if (assets.failNext > 0) {
        assets.failNext -= 1;
        return failure();
      }
      return Response.json(PHONE_METADATA);
    },
  };
  return assets;
}

function harness(assets: ReturnType<typeof flakyAssets> | undefined, mode = "queue") {
  return queueHarness({
    ASSETS: assets,
    SOURCES: { s: { preset: "json", allow_unprotected: true, mode } },
  });
}

function post(h: ReturnType<typeof harness>, path = "/v1/hooks/s", headers = {}) {
  return h.fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email: "ada@example.com", phone: TYPED }),
  });
}

const countSubmissions = async () =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM submissions").first<{ n: number }>())?.n;

/** Checks the answer of a request made while the metadata could not be read. */
async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("5");
  expect(ErrorBody.parse(await response.json()).error.code).toBe("phone_data_unavailable");
}

describe("the ASSETS binding of wrangler.toml", () => {
  it("serves the phone metadata the Worker loads", async () => {
    const response = await env.ASSETS.fetch(`http://bridge.test${PHONE_METADATA_PATH}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(PHONE_METADATA);
  });

  it("is what a submission's phone is read with in a fresh isolate", async () => {
    const h = queueHarness({ SOURCES: { s: { preset: "json", allow_unprotected: true } } });
    const response = await post(h);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    expect((await loadSubmission(env.DB, id))?.draft?.phones).toMatchObject([{ phone: E164 }]);
  });
});

describe("loading the phone metadata", () => {
  it.each([
    ["answers 404", () => new Response("not found", { status: 404 })],
    ["answers 500", () => new Response("oops", { status: 500 })],
    ["answers what is not JSON", () => new Response("{not json")],
    ["answers other JSON", () => Response.json({ countries: { US: [] } })],
  ])(
    "fails with 503 phone_data_unavailable when ASSETS %s, and works the next time",
    async (_, failure) => {
      const assets = flakyAssets(failure);
      const logged = captured.lines.length;
      await expect(loadPhoneMetadata({ ASSETS: assets })).rejects.toMatchObject({
        code: "phone_data_unavailable",
        status: 503,
        headers: { "Retry-After": "5" },
      });
      expect(isPhoneMetadataInstalled()).toBe(false);
      expect(
        captured.lines.slice(logged).some((line) => line.includes('"phone_metadata.unavailable"')),
      ).toBe(true);
      await loadPhoneMetadata({ ASSETS: assets });
      expect(isPhoneMetadataInstalled()).toBe(true);
      expect(assets.requested).toEqual([PHONE_METADATA_PATH, PHONE_METADATA_PATH]);
    },
  );

  it("fails with 503 phone_data_unavailable without an ASSETS binding", async () => {
    await expect(loadPhoneMetadata({})).rejects.toMatchObject({ code: "phone_data_unavailable" });
  });

  it("is read by each request that arrives before it is installed, and never again once it is", async () => {
    const assets = flakyAssets();
    assets.failNext = 0;
    await Promise.all([1, 2, 3].map(() => loadPhoneMetadata({ ASSETS: assets })));
    expect(assets.requested.length).toBeGreaterThanOrEqual(1);
    const read = assets.requested.length;
    await loadPhoneMetadata({ ASSETS: assets });
    expect(assets.requested).toHaveLength(read);
  });

  it("does not hold a request up on another request's load that never ends (a cancelled request's fetch)", async () => {
    const stuck = { fetch: () => new Promise<Response>(() => {}) };
    void loadPhoneMetadata({ ASSETS: stuck });
    const assets = flakyAssets();
    assets.failNext = 0;
    await loadPhoneMetadata({ ASSETS: assets });
    expect(isPhoneMetadataInstalled()).toBe(true);
    expect(assets.requested).toEqual([PHONE_METADATA_PATH]);
  });
});

describe("a submission while the phone metadata cannot be read", () => {
  it.each([
    ["queue", 202],
    ["sync", 201],
  ])(
    "in %s mode is refused with 503 and Retry-After, recorded once when sent again",
    async (mode, status) => {
      const h = harness(flakyAssets(), mode);
      await expectUnavailable(await post(h));
      expect(await countSubmissions()).toBe(0);
      expect(h.sent).toEqual([]);
      const again = await post(h);
      expect(again.status).toBe(status);
      const { id } = (await again.json()) as { id: string };
      expect(await countSubmissions()).toBe(1);
      expect((await loadSubmission(env.DB, id))?.draft?.phones).toMatchObject([{ phone: E164 }]);
      if (mode === "queue") await h.drain();
      expect((await simContacts()).map((c) => c.phones)).toMatchObject([[{ phone: E164 }]]);
    },
  );

  it("with a Turnstile token is accepted when sent again with the same token (not spent by the refused post)", async () => {
    const h = queueHarness({
      ASSETS: flakyAssets(),
      SOURCES: { t: { preset: "form", turnstile: true } },
      TURNSTILE_VERIFY_URL: "http://close.test/turnstile/v0/siteverify",
    });
    const form = () =>
      h.fetch("/v1/hooks/t", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: new URLSearchParams({
          email: "ada@example.com",
          phone: TYPED,
          "cf-turnstile-response": token,
        }),
      });
    const token = `test-pass-${crypto.randomUUID()}`;
    await expectUnavailable(await form());
    expect((await form()).status).toBe(202);
    expect(await countSubmissions()).toBe(1);
  });

  it.each([
    ["the hook's preview", "/v1/hooks/s/preview?close=0"],
    ["the console's Try it", "/v1/admin/sources/s/preview?close=0"],
  ])("in %s answers 503, then the draft with the phone", async (_, path) => {
    const h = harness(flakyAssets());
    await expectUnavailable(await post(h, path, ADMIN));
    const again = await post(h, path, ADMIN);
    expect(again.status).toBe(200);
    const preview = (await again.json()) as { draft: { phones: unknown } };
    expect(preview.draft.phones).toMatchObject([{ phone: E164 }]);
  });

  it("is delivered from the queue without the metadata (delivery sends the stored draft)", async () => {
    const assets = flakyAssets();
    assets.failNext = 0;
    const h = harness(assets);
    expect((await post(h)).status).toBe(202);
    uninstallPhoneMetadata();
    assets.failNext = 1000;
    await h.drain();
    expect((await simContacts()).map((c) => c.phones)).toMatchObject([[{ phone: E164 }]]);
  });
});

describe("a replay while the phone metadata cannot be read", () => {
  /** A dead submission whose sender's data the log kept, in a fresh isolate. */
  async function deadSubmission(h: ReturnType<typeof harness>, assets: { failNext: number }) {
    assets.failNext = 0;
    const { id } = (await (await post(h)).json()) as { id: string };
    await env.DB.prepare("UPDATE submissions SET status = 'dead' WHERE id = ?").bind(id).run();
    h.sent.splice(0);
    uninstallPhoneMetadata();
    assets.failNext = 1;
    return id;
  }

  it("of one submission answers 503 and leaves it dead, then replays it remapped", async () => {
    const assets = flakyAssets();
    const h = harness(assets);
    const id = await deadSubmission(h, assets);
    const replay = () =>
      h.fetch(`/v1/admin/submissions/${id}/replay`, { method: "POST", headers: ADMIN });
    await expectUnavailable(await replay());
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "dead" });
    expect(h.sent).toEqual([]);
    const again = await replay();
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ remapped: true });
    expect((await loadSubmission(env.DB, id))?.draft?.phones).toMatchObject([{ phone: E164 }]);
  });

  it("of every dead submission answers 503 and replays none, then replays them", async () => {
    const assets = flakyAssets();
    const h = harness(assets);
    const id = await deadSubmission(h, assets);
    const replay = () => h.fetch("/v1/admin/replay", { method: "POST", headers: ADMIN });
    await expectUnavailable(await replay());
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "dead" });
    const again = await replay();
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ replayed: 1, ids: [id], refused: [] });
  });
});

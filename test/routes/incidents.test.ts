import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { CloseError } from "../../src/close/error.ts";
import { observeDeliveryFailure, observeDeliverySuccess } from "../../src/incidents/observe.ts";
import { bridgeWith } from "../helpers/bridge.ts";
import { resetWorld } from "../helpers/reset.ts";

beforeEach(resetWorld);

const TOKEN = "admin-test-token";
const call = bridgeWith({ ADMIN_TOKEN: TOKEN });
const auth = { authorization: `Bearer ${TOKEN}` };

async function openTwo() {
  const t0 = Date.UTC(2026, 10, 2, 9);
  await observeDeliveryFailure(
    env,
    {
      source: "website",
      submissionId: "sub_first",
      error: new CloseError("rejected", "Invalid", {
        status: 400,
        fieldErrors: { "custom.cf_x": "Unknown custom field." },
        request: "POST /contact/",
      }),
      dead: true,
    },
    { now: t0 },
  );
  await observeDeliveryFailure(
    env,
    {
      source: "zapier",
      submissionId: "sub_second",
      error: new CloseError("auth", "Close refused the API key", {
        status: 401,
        request: "POST /data/search/",
      }),
      dead: false,
    },
    { now: t0 + 1000 },
  );
  return t0;
}

describe("GET /v1/admin/incidents", () => {
  it("lists incidents newest first with what happened, the count, the first example and the fix", async () => {
    const t0 = await openTwo();
    const response = await call("/v1/admin/incidents", { headers: auth });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Record<string, unknown>[]; next_cursor: null };
    expect(body.next_cursor).toBeNull();
    expect(body.data).toEqual([
      {
        id: expect.stringMatching(/^inc_/),
        status: "open",
        cause: "close_auth_failed",
        source: null,
        title: "Close refuses the API key",
        summary:
          "Close answered 401 to POST /data/search/: it refuses the API key (CLOSE_API_KEY).",
        fix: expect.stringContaining("wrangler secret put CLOSE_API_KEY"),
        count: 1,
        example_id: "sub_second",
        first_seen: new Date(t0 + 1000).toISOString(),
        last_seen: new Date(t0 + 1000).toISOString(),
        resolved_at: null,
        resolution: null,
      },
      expect.objectContaining({
        status: "open",
        cause: "close_rejected",
        source: "website",
        example_id: "sub_first",
      }),
    ]);
  });

  it("filters by status and source, and pages with a cursor", async () => {
    const t0 = await openTwo();
    await observeDeliverySuccess(
      env,
      // The refused submission itself, delivered once the mapping was fixed.
      { source: "website", submissionId: "sub_first", refusedBefore: "custom.cf_x" },
      { now: t0 + 5000 },
    );
    const list = async (query: string) =>
      (await (await call(`/v1/admin/incidents${query}`, { headers: auth })).json()) as {
        data: { cause: string; status: string }[];
        next_cursor: string | null;
      };
    expect((await list("?status=open")).data.map((i) => i.cause)).toEqual([]);
    expect((await list("?status=resolved")).data).toHaveLength(2);
    expect((await list("?source=website")).data.map((i) => i.cause)).toEqual(["close_rejected"]);
    const first = await list("?limit=1");
    expect(first.data.map((i) => i.cause)).toEqual(["close_auth_failed"]);
    const second = await list(`?limit=1&cursor=${first.next_cursor}`);
    expect(second.data.map((i) => i.cause)).toEqual(["close_rejected"]);
    expect(second.next_cursor).toBeNull();
  });

  it("refuses a request without the admin token, and a bad query", async () => {
    expect((await call("/v1/admin/incidents")).status).toBe(401);
    const bad = await call("/v1/admin/incidents?status=sideways", { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_query" } });
  });
});

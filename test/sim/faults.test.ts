// Injected faults: failures, latency, timeouts and lost answers, set through /__sim/faults.
import { beforeEach, describe, expect, it } from "vitest";
import { callApi, readSimulator, resetSimulator, sendToSimulator, setFaults } from "./helpers.ts";

beforeEach(resetSimulator);

describe("setting faults", () => {
  it("answers the active faults with defaults filled in, and {} clears them", async () => {
    const set = await setFaults({ error_rate: 0.5, fail_next: 2 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      error_rate: 0.5,
      error_status: 503,
      latency_ms: 0,
      timeout_rate: 0,
      timeout_ms: 30000,
      fail_next: 2,
      rate_limit: null,
      organization_rate_limit: null,
      lost_response_rate: 0,
      lose_next: 0,
      search_lag_ms: 0,
      endpoints: null,
    });
    expect(await (await sendToSimulator("/__sim/faults")).json()).toEqual(set.body);

    const cleared = await setFaults({});
    expect(cleared.body).toMatchObject({ error_rate: 0, fail_next: 0 });
  });

  it.each([
    ["a rate above 1", { error_rate: 1.5 }],
    ["a negative fail_next", { fail_next: -1 }],
    ["a status that is not an error", { error_status: 200 }],
    ["an unknown key", { chaos: true }],
    ["a malformed rate_limit", { rate_limit: { limit: 2 } }],
    ["a malformed organization_rate_limit", { organization_rate_limit: { window_s: 1 } }],
    ["a negative search_lag_ms", { search_lag_ms: -1 }],
    ["a search_lag_ms beyond ten minutes", { search_lag_ms: 600_001 }],
    ["a fractional search_lag_ms", { search_lag_ms: 1.5 }],
    ["an endpoint group without its method", { endpoints: ["/task/"] }],
    ["an empty list of endpoint groups", { endpoints: [] }],
  ])("refuses %s with 400", async (_, faults) => {
    const answer = await setFaults(faults);
    expect(answer.status).toBe(400);
  });

  it("is cleared by reset", async () => {
    await setFaults({ fail_next: 5 });
    await resetSimulator();
    expect((await callApi("GET", "/contact/")).status).toBe(200);
  });
});

describe("failing requests", () => {
  it("fails exactly the next N requests with error_status, unprocessed but logged", async () => {
    await setFaults({ fail_next: 2, error_status: 502 });
    const statuses = [];
    for (const name of ["One", "Two", "Three"]) {
      const answer = await callApi("POST", "/contact/", { name });
      statuses.push(answer.status);
      expect(answer.headers.get("RateLimit"), name).not.toBeNull();
    }
    expect(statuses).toEqual([502, 502, 200]);
    expect((await readSimulator("contacts")).map((contact) => contact.name)).toEqual(["Three"]);
    expect((await readSimulator("requests")).map((request) => request.status)).toEqual([
      502, 502, 200,
    ]);
  });

  it("fails every request at error_rate 1 and none at 0", async () => {
    await setFaults({ error_rate: 1 });
    const failed = await callApi("POST", "/contact/", { name: "Ann" });
    expect(failed.status).toBe(503);
    expect(failed.body).toHaveProperty("error");
    expect(await readSimulator("contacts")).toEqual([]);

    await setFaults({ error_rate: 0 });
    expect((await callApi("POST", "/contact/", { name: "Ann" })).status).toBe(200);
  });

  it("holds a timed-out request for timeout_ms without processing it, then answers 504", async () => {
    await setFaults({ timeout_rate: 1, timeout_ms: 200 });
    const started = Date.now();
    const answer = await callApi("POST", "/contact/", { name: "Ann" });
    expect(answer.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(await readSimulator("contacts")).toEqual([]);
    expect((await readSimulator("requests")).map((request) => request.status)).toEqual([504]);
  });

  it("processes a request whose answer is lost, then answers 504", async () => {
    await setFaults({ lost_response_rate: 1, timeout_ms: 100 });
    const answer = await callApi("POST", "/contact/", { name: "Ann" });
    expect(answer.status).toBe(504);
    expect((await readSimulator("contacts")).map((contact) => contact.name)).toEqual(["Ann"]);
    expect((await readSimulator("leads")).map((lead) => lead.name)).toEqual(["Ann"]);
  });
});

describe("latency", () => {
  it("delays every API answer by latency_ms", async () => {
    await setFaults({ latency_ms: 250 });
    const started = Date.now();
    expect((await callApi("GET", "/contact/")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("does not hold other requests back while one is delayed", async () => {
    await setFaults({ latency_ms: 3000 });
    const answers = Promise.all([
      callApi("POST", "/contact/", { name: "One" }),
      callApi("POST", "/contact/", { name: "Two" }),
      callApi("POST", "/contact/", { name: "Three" }),
    ]);
    // Held one after the other, the second would only arrive once the first was answered: all
    // three logged and none answered yet means they wait side by side.
    let log = await readSimulator<{ status: number | null }>("requests");
    for (let poll = 0; poll < 200 && log.length < 3; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      log = await readSimulator<{ status: number | null }>("requests");
    }
    expect(log.map((request) => request.status)).toEqual([null, null, null]);
    expect((await answers).map((answer) => answer.status)).toEqual([200, 200, 200]);
  });

  it("still answers the test-only endpoints at once while an API request waits", async () => {
    await setFaults({ latency_ms: 3000 });
    const slow = callApi("GET", "/contact/");
    let listing = await readSimulator<{ path: string; status: number | null }>("requests");
    for (let poll = 0; poll < 200 && listing.length < 1; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      listing = await readSimulator<{ path: string; status: number | null }>("requests");
    }
    // The listing was answered while the API request waited: it shows it logged, with no status.
    expect(listing).toEqual([expect.objectContaining({ path: "/api/v1/contact/", status: null })]);
    expect((await slow).status).toBe(200);
  });
});

describe("faults scoped to endpoint groups", () => {
  it("loses only the answers of the endpoint groups named, and leaves the others alone", async () => {
    const set = await setFaults({
      lost_response_rate: 1,
      timeout_ms: 0,
      endpoints: ["POST /contact/"],
    });
    expect(set.body.endpoints).toEqual(["POST /contact/"]);
    const lost = await callApi("POST", "/contact/", { name: "Ann" });
    expect(lost.status).toBe(504);
    const listed = await callApi<{ data: unknown[] }>("GET", "/contact/");
    expect(listed.status).toBe(200);
    expect(listed.body.data).toHaveLength(1);
    expect((await callApi("POST", "/lead/", { name: "Acme" })).status).toBe(200);
  });

  it("loses exactly the next N answers of an endpoint group with lose_next, processing each", async () => {
    await setFaults({ lose_next: 1, timeout_ms: 0, endpoints: ["POST /lead/"] });
    expect((await callApi("POST", "/contact/", { name: "Ann" })).status).toBe(200);
    expect((await callApi("POST", "/lead/", { name: "Acme" })).status).toBe(504);
    expect((await callApi("POST", "/lead/", { name: "Initech" })).status).toBe(200);
    expect((await readSimulator("leads")).map((lead) => lead.name)).toEqual([
      "Ann",
      "Acme",
      "Initech",
    ]);
    expect(
      ((await sendToSimulator("/__sim/faults").then((r) => r.json())) as { lose_next: number })
        .lose_next,
    ).toBe(0);
  });

  it("counts fail_next down only on the endpoint groups named", async () => {
    await setFaults({ fail_next: 1, endpoints: ["POST /lead/"] });
    expect((await callApi("POST", "/contact/", { name: "Ann" })).status).toBe(200);
    expect((await callApi("POST", "/lead/", { name: "Acme" })).status).toBe(503);
    expect((await callApi("POST", "/lead/", { name: "Acme" })).status).toBe(200);
  });
});

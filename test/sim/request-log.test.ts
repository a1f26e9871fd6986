// The test-only views: what was stored, the requests received, and reset.
import { beforeEach, expect, it } from "vitest";
import {
  callApi,
  createContact,
  readSimulator,
  resetSimulator,
  sendToSimulator,
  setFaults,
} from "./helpers.ts";

beforeEach(resetSimulator);

it("logs every Close API request, oldest first, with its parsed body and status", async () => {
  await callApi("POST", "/contact/", { name: "Ann" });
  await callApi("GET", "/contact/?_limit=5");
  await callApi("POST", "/contact/", { nope: true });
  await sendToSimulator("/__sim/contacts");

  const requests = await readSimulator("requests");
  expect(requests).toEqual([
    {
      method: "POST",
      path: "/api/v1/contact/",
      query: {},
      status: 200,
      body: { name: "Ann" },
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    },
    expect.objectContaining({ method: "GET", query: { _limit: "5" }, status: 200, body: null }),
    expect.objectContaining({ method: "POST", status: 400, body: { nope: true } }),
  ]);
});

it("shows stored objects in the shape the API answers them", async () => {
  const contact = await createContact({ name: "Ann" });
  expect(await readSimulator("contacts")).toEqual([contact]);
  const lead = await callApi("GET", `/lead/${contact.lead_id}/`);
  expect(await readSimulator("leads")).toEqual([lead.body]);
});

it("clears data, request log, faults and rate-limit counters on reset", async () => {
  await createContact({ name: "Ann" });
  await setFaults({ rate_limit: { limit: 1, window_s: 60 }, fail_next: 0 });
  await callApi("GET", "/contact/");
  expect((await callApi("GET", "/contact/")).status).toBe(429);

  await resetSimulator();
  expect(await readSimulator("contacts")).toEqual([]);
  expect(await readSimulator("leads")).toEqual([]);
  expect(await readSimulator("requests")).toEqual([]);
  const answer = await callApi("GET", "/contact/");
  expect(answer.status).toBe(200);
  expect(answer.headers.get("RateLimit")).toMatch(/^limit=20, remaining=19,/);
});

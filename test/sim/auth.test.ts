// Authentication: Close's API key as HTTP Basic user (empty password) or as a Bearer token.
import { beforeEach, expect, it } from "vitest";
import {
  basicAuthorization,
  callApi,
  DEV_KEY,
  readSimulator,
  resetSimulator,
  sendToSimulator,
} from "./helpers.ts";

const CLOSE_401 = {
  error:
    "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.",
};

beforeEach(resetSimulator);

it("accepts the key as the Basic user name with an empty password", async () => {
  const answer = await callApi("GET", "/contact/", undefined, { key: DEV_KEY });
  expect(answer.status).toBe(200);
});

it("accepts the key as a Bearer token", async () => {
  const answer = await callApi("GET", "/contact/", undefined, { bearer: DEV_KEY });
  expect(answer.status).toBe(200);
});

it.each([
  ["no credentials", { none: true } as const],
  ["a wrong key", { key: "api_wrong.key" }],
  ["a wrong Bearer token", { bearer: "api_wrong.key" }],
  ["the right key with a password", { authorization: `Basic ${btoa(`${DEV_KEY}:${DEV_KEY}`)}` }],
  ["a header that is not base64", { authorization: "Basic !!!" }],
])("answers Close's 401, with a RateLimit header, to %s", async (_, credentials) => {
  const answer = await callApi("POST", "/contact/", { name: "Ann" }, credentials);
  expect(answer.status).toBe(401);
  expect(answer.body).toEqual(CLOSE_401);
  expect(answer.headers.get("RateLimit")).toMatch(/^limit=\d+, remaining=\d+, reset=[\d.]+$/);
  expect(await readSimulator("contacts")).toEqual([]);
});

it("never writes the Authorization header or the key into the request log", async () => {
  await callApi("POST", "/contact/", { name: "Ann" });
  const response = await sendToSimulator("/__sim/requests");
  const text = await response.text();
  expect(text).not.toContain(DEV_KEY);
  expect(text).not.toContain(basicAuthorization().slice("Basic ".length));
  expect(text.toLowerCase()).not.toContain("authorization");
});

it("needs no credentials for the test-only endpoints", async () => {
  for (const path of ["/__sim/contacts", "/__sim/leads", "/__sim/notes", "/__sim/requests"]) {
    expect((await sendToSimulator(path)).status, path).toBe(200);
  }
});

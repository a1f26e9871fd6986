// The organization's members and statuses: GET /me/, GET /user/, lead statuses (listed, added,
// used by leads), opportunity statuses and pipelines, as sim/wrangler.toml seeds them.
import { beforeEach, describe, expect, it } from "vitest";
import {
  callApi,
  createLead,
  ORGANIZATION,
  resetSimulator,
  type ValidationErrorBody,
} from "./helpers.ts";

beforeEach(resetSimulator);

type Page<T> = { data: T[]; has_more: boolean };
type User = { id: string; email: string; first_name: string; last_name: string };

describe("GET /me/", () => {
  it("answers the key's user with its one organization and membership", async () => {
    const answer = await callApi<Record<string, unknown>>("GET", "/me/");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: ORGANIZATION.apiUser.id,
      first_name: "Close",
      last_name: "Simulator",
      organizations: [{ id: expect.stringMatching(/^orga_/), name: expect.any(String) }],
      memberships: [{ id: expect.any(String) }],
    });
    expect(answer.headers.get("RateLimit")).toMatch(/^limit=\d+, remaining=\d+, reset=/);
  });

  it("answers 401 with a bad key", async () => {
    expect((await callApi("GET", "/me/", undefined, { key: "api_wrong" })).status).toBe(401);
  });
});

describe("GET /user/", () => {
  it("lists the API user, then the configured users, paginated", async () => {
    const all = await callApi<Page<User>>("GET", "/user/");
    expect(all.body.data.map((user) => user.email)).toEqual([
      "api-user@close-simulator.example",
      "riley@example.com",
      "sam@example.com",
      "jordan@example.com",
    ]);
    expect(all.body.has_more).toBe(false);
    const page = await callApi<Page<User>>("GET", "/user/?_skip=1&_limit=2");
    expect(page.body.data.map((user) => user.first_name)).toEqual(["Riley", "Sam"]);
    expect(page.body.has_more).toBe(true);
  });

  it("orders by last name then first name when asked", async () => {
    const answer = await callApi<Page<User>>("GET", "/user/?_order_by=last_name,first_name");
    expect(answer.body.data.map((user) => user.last_name)).toEqual([
      "Blake",
      "Chen",
      "Okafor",
      "Simulator",
    ]);
  });

  it("reads one user by id, and 404 for an unknown id", async () => {
    const one = await callApi<User>("GET", `/user/${ORGANIZATION.sam.id}/`);
    expect(one.body).toMatchObject({ id: ORGANIZATION.sam.id, email: ORGANIZATION.sam.email });
    expect((await callApi("GET", "/user/user_nobody/")).status).toBe(404);
  });

  it("refuses filters it does not implement", async () => {
    expect((await callApi("GET", "/user/?email=riley@example.com")).status).toBe(400);
  });
});

describe("lead statuses", () => {
  it("lists the configured statuses in order, the first being the default of a new lead", async () => {
    const answer = await callApi<{ data: { id: string; label: string }[] }>("GET", "/status/lead/");
    expect(answer.body.data.map((status) => status.label)).toEqual([
      "Potential",
      "Bad Fit",
      "Qualified",
      "Customer",
    ]);
    const lead = await createLead({ name: "Acme" });
    expect(lead).toMatchObject({ status_id: ORGANIZATION.potential, status_label: "Potential" });
  });

  it("adds a status that leads can then take by id or label, until reset", async () => {
    const added = await callApi<{ id: string; label: string }>("POST", "/status/lead/", {
      label: "Inbound",
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ id: expect.stringMatching(/^stat_/), label: "Inbound" });
    expect((await createLead({ name: "A", status_id: added.body.id })).status_label).toBe(
      "Inbound",
    );
    expect((await createLead({ name: "B", status: "inbound" })).status_id).toBe(added.body.id);

    await resetSimulator();
    const after = await callApi<{ data: { label: string }[] }>("GET", "/status/lead/");
    expect(after.body.data.map((status) => status.label)).not.toContain("Inbound");
  });

  it.each([
    ["no label", {}, "label"],
    ["an empty label", { label: " " }, "label"],
    ["an unknown key", { label: "X", colour: "red" }, "colour"],
  ])("refuses a status with %s", async (_, body, field) => {
    const answer = await callApi<ValidationErrorBody>("POST", "/status/lead/", body);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body["field-errors"])).toEqual([field]);
  });

  it("refuses a lead status that does not exist, by id or label, and sending both", async () => {
    for (const body of [
      { name: "A", status_id: "stat_nope" },
      { name: "A", status: "Nope" },
      { name: "A", status: "Potential", status_id: ORGANIZATION.potential },
    ]) {
      expect((await callApi("POST", "/lead/", body)).status).toBe(400);
    }
  });
});

describe("opportunity statuses and pipelines", () => {
  it("lists each status with its type and pipeline", async () => {
    const answer = await callApi<{ data: Record<string, unknown>[] }>(
      "GET",
      "/status/opportunity/",
    );
    expect(answer.body.data).toEqual([
      expect.objectContaining({
        id: ORGANIZATION.active,
        label: "Active",
        type: "active",
        pipeline_id: ORGANIZATION.pipeline,
      }),
      expect.objectContaining({ id: ORGANIZATION.won, label: "Won", type: "won" }),
      expect.objectContaining({ label: "Lost", type: "lost" }),
    ]);
  });

  it("lists pipelines with their statuses", async () => {
    const answer = await callApi<{ data: { name: string; statuses: { label: string }[] }[] }>(
      "GET",
      "/pipeline/",
    );
    expect(answer.body.data.map((p) => [p.name, p.statuses.map((s) => s.label)])).toEqual([
      ["Sales", ["Active", "Won", "Lost"]],
    ]);
  });
});

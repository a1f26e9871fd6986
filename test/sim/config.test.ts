// The simulator's configuration: what sim/wrangler.toml may leave out, and what it may not get wrong.
import { describe, expect, it } from "vitest";
import { readSimulatorConfig } from "../../sim/src/config.ts";

const minimal = {
  API_KEYS: "api_one, api_two",
  RATE_LIMIT: { limit: 20, window_s: 1 },
  CUSTOM_FIELDS: {},
  LEAD_STATUSES: [{ id: "stat_potential", label: "Potential" }],
  PIPELINES: [
    {
      id: "pipe_sales",
      name: "Sales",
      statuses: [{ id: "stat_active", label: "Active", type: "active" }],
    },
  ],
};

describe("the simulator's configuration", () => {
  it("reads numbers in the US when no organization country is set, as Close's default is", () => {
    const config = readSimulatorConfig(minimal as unknown as Env);
    expect(config.ORGANIZATION_COUNTRY).toBe("US");
    expect(config.API_KEYS).toEqual(["api_one", "api_two"]);
    expect(config.CUSTOM_FIELDS).toEqual({ contact: [], lead: [] });
    expect(config.USERS).toEqual([]);
    expect(config.CUSTOM_ACTIVITY_TYPES).toEqual([]);
  });

  it("keeps a configured country", () => {
    const config = readSimulatorConfig({
      ...minimal,
      ORGANIZATION_COUNTRY: "GB",
    } as unknown as Env);
    expect(config.ORGANIZATION_COUNTRY).toBe("GB");
  });

  it.each([
    ["an unknown country", { ORGANIZATION_COUNTRY: "XX" }, "ORGANIZATION_COUNTRY"],
    ["no API key", { API_KEYS: " , " }, "API_KEYS"],
    ["a negative rate limit", { RATE_LIMIT: { limit: -1, window_s: 1 } }, "RATE_LIMIT.limit"],
    ["no lead status", { LEAD_STATUSES: [] }, "LEAD_STATUSES"],
    [
      "a pipeline without statuses",
      { PIPELINES: [{ id: "pipe_x", name: "X", statuses: [] }] },
      "PIPELINES.0.statuses",
    ],
    [
      "an opportunity status of no known type",
      {
        PIPELINES: [
          { id: "pipe_x", name: "X", statuses: [{ id: "stat_x", label: "X", type: "open" }] },
        ],
      },
      "PIPELINES.0.statuses.0.type",
    ],
    [
      "a user without an email",
      { USERS: [{ id: "user_x", email: "x", first_name: "A", last_name: "B" }] },
      "USERS.0.email",
    ],
  ])("refuses %s, naming the variable", (_, override, variable) => {
    expect(() => readSimulatorConfig({ ...minimal, ...override } as unknown as Env)).toThrow(
      variable,
    );
  });
});

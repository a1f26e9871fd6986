// The routing options of a source in the one configuration schema: the shapes they take, their
// defaults, and a mistake named by source and option.
import { describe, expect, it } from "vitest";
import { type ConfigResult, parseConfig } from "../../src/config/load.ts";

const parse = (options: Record<string, unknown>): ConfigResult =>
  parseConfig({ SOURCES: { site: { preset: "form", honeypot: "_gotcha", ...options } } });

function routingOf(options: Record<string, unknown>) {
  const result = parse(options);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const source = result.config.sources.get("site");
  if (!source) throw new Error("no source");
  return source;
}

describe("routing options", () => {
  it("takes lead as the string it always was, with no routing", () => {
    const source = routingOf({ lead: "new" });
    expect(source.lead).toBe("new");
    expect(source.routing).toEqual({
      lead: { status_on_update: false, source_field: "Lead source", utm: {} },
    });
  });

  it("takes lead as a table: which lead (match) and the new lead's status, source and UTM fields", () => {
    const source = routingOf({
      lead: {
        match: "lead_abc",
        status: "Potential",
        source: "{utm_source|Website}",
        utm: { utm_medium: "UTM medium" },
      },
    });
    expect(source.lead).toBe("lead_abc");
    expect(source.routing.lead).toEqual({
      status: "Potential",
      status_on_update: false,
      source: "{utm_source|Website}",
      source_field: "Lead source",
      utm: { utm_medium: "UTM medium" },
    });
    expect(routingOf({ lead: { status: "Potential" } }).lead).toBe("by_company");
  });

  it("fills the defaults of owner, task, activity, opportunity and consent", () => {
    const { routing } = routingOf({
      owner: { users: ["Riley@Example.com"] },
      task: {},
      activity: { type: "Form submission" },
      opportunity: { status: "Active" },
      consent: {},
    });
    expect(routing).toMatchObject({
      owner: { users: ["riley@example.com"], field: "Lead owner", map: {} },
      task: { text: "Follow up with {name|the new lead} ({source_name})", due_in: 60 },
      activity: {
        type: "Form submission",
        note: "also",
        fields: {},
        marker_field: "Submission ID",
      },
      opportunity: { status: "Active", value_period: "one_time", note: "{meeting}" },
      consent: { from: "consent", yes: "Yes", no: "No", unsubscribe_when_unchecked: false },
    });
  });

  it.each([
    ["30m", 30],
    ["2h", 120],
    ["1d", 1440],
    ["90 min", 90],
  ])("reads a task due_in of %s as %i minutes", (due_in, minutes) => {
    expect(routingOf({ task: { due_in } }).routing.task?.due_in).toBe(minutes);
  });

  it.each([
    ["an unknown lead option", { lead: { stage: "x" } }, "lead.stage", "is not a known option"],
    [
      "a lead match that is none",
      { lead: { match: "newest" } },
      "lead.match",
      '"by_company", "new" or a lead id',
    ],
    [
      "a UTM key that is not one",
      { lead: { utm: { source: "UTM source" } } },
      "lead.utm.source",
      "UTM parameter",
    ],
    ["an owner without users", { owner: {} }, "owner.users", "at least one user"],
    [
      "an owner's user that is no email",
      { owner: { users: ["riley"] } },
      "owner.users.0",
      "email of a user",
    ],
    ["a map without by", { owner: { map: { EMEA: "a@example.com" } } }, "owner.by", "go together"],
    ["a task due in weeks", { task: { due_in: "2w" } }, "task.due_in", "duration"],
    [
      "a template with a stray brace",
      { task: { text: "Call {name" } },
      "task.text",
      "does not open or close",
    ],
    [
      "an empty placeholder",
      { activity: { type: "T", fields: { A: "{}" } } },
      "activity.fields.A",
      "empty {placeholder}",
    ],
    ["an activity without its type", { activity: {} }, "activity.type", ""],
    [
      "a negative opportunity value",
      { opportunity: { status: "Active", value: -1 } },
      "opportunity.value",
      "",
    ],
    [
      "a confidence above 100",
      { opportunity: { status: "Active", confidence: 101 } },
      "opportunity.confidence",
      "",
    ],
    [
      "an activity note that is neither also nor instead",
      { activity: { type: "T", note: "both" } },
      "activity.note",
      "",
    ],
  ])("names %s", (_, options, field, problem) => {
    const result = parse(options);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toContainEqual(
      expect.objectContaining({ source: "site", field, problem: expect.stringContaining(problem) }),
    );
  });
});

// Routing in Close under `npm run dev`, as a new user tries it: two posts of the example form
// make two routed leads, posting them again makes nothing twice; `npm run doctor` checks the
// configuration's names against the simulator.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { BRIDGE, DEV_CLOSE_KEY, delivered, resetSimulator, SIMULATOR, simList } from "./helpers.ts";

beforeEach(resetSimulator);

const CLOSE_AUTH = { authorization: `Basic ${btoa(`${DEV_CLOSE_KEY}:`)}` };
const FORM = { accept: "application/json", origin: "http://127.0.0.1:8789" };
const LEAD_SOURCE = "custom.cf_P10eougTfIhpazOc61hVRd82Wzj5OSqplLapHp6hgPj";
const LEAD_OWNER = "custom.cf_ryAczD4UDDqcdbTmBQq79GygZnhAOgshDBj1zpi4i4z";
const SALES_USERS = [
  "user_xEEsAoCaA2QTqpOoast0vQj8VMtbYo9Mqb5jZMQObDD",
  "user_MOTsoYtxqAYfwFBHPl8KsLcsf1YaHxpFjttuDDekSEU",
];

// Each with the id the example form's script gives its page view (the source's dedupe_key), new
// for every run: the dev servers' log keeps earlier runs' submissions.
const people = [
  {
    idempotency_key: crypto.randomUUID(),
    name: "Ada Lovelace",
    email: "ada@analytical.example",
    company: "Analytical Engines",
    message: "A demo, please",
  },
  {
    idempotency_key: crypto.randomUUID(),
    name: "Grace Hopper",
    email: "grace@cobol.example",
    company: "COBOL Inc",
    message: "Pricing for 40 seats",
  },
];

const post = (fields: Record<string, string>) =>
  fetch(`${BRIDGE}/v1/hooks/website`, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams(fields),
  });

describe("routing in Close under npm run dev", () => {
  it("routes two people of two companies to two leads, each with its status, source, an owner of its own, one open task for that owner and one form-submission activity; posting again makes none of it twice", async () => {
    const ids: string[] = [];
    for (const person of people) {
      const response = await post(person);
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };
      await delivered(id);
      ids.push(id);
    }
    const leads = await simList("leads");
    expect(leads.map((lead) => lead.name).sort()).toEqual(["Analytical Engines", "COBOL Inc"]);
    // wrangler.toml's lead.status, not the organization's default (its first status, Potential).
    const statuses = await fetch(`${SIMULATOR}/api/v1/status/lead/`, { headers: CLOSE_AUTH });
    const [first] = ((await statuses.json()) as { data: { label: string }[] }).data;
    expect(first?.label).toBe("Potential");
    for (const lead of leads) {
      expect(lead).toMatchObject({ status_label: "Qualified", [LEAD_SOURCE]: "Website form" });
      expect(SALES_USERS).toContain(lead[LEAD_OWNER]);
    }
    expect(new Set(leads.map((lead) => lead[LEAD_OWNER])).size).toBe(2);
    const tasks = await simList("tasks");
    const activities = await simList("custom_activities");
    for (const lead of leads) {
      expect(tasks.filter((task) => task.lead_id === lead.id)).toEqual([
        expect.objectContaining({ is_complete: false, assigned_to: lead[LEAD_OWNER] }),
      ]);
      expect(activities.filter((activity) => activity.lead_id === lead.id)).toHaveLength(1);
    }

    // The same forms sent again (a reload): answered as the first time, Close gets nothing new.
    const requests = (await simList("requests")).length;
    for (const [index, person] of people.entries()) {
      const again = await post(person);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(((await again.json()) as { id: string }).id).toBe(ids[index]);
    }
    // Give a (wrongly) enqueued delivery time to show itself.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await simList("requests")).length).toBe(requests);
    expect(await simList("leads")).toHaveLength(2);
    expect(await simList("tasks")).toHaveLength(2);
    expect(await simList("custom_activities")).toHaveLength(2);
  });
});

describe("npm run doctor", () => {
  const doctor = (...args: string[]) =>
    spawnSync(process.execPath, ["scripts/doctor.ts", ...args], {
      encoding: "utf8",
      env: { ...process.env, CLOSE_API_KEY: DEV_CLOSE_KEY, CLOSE_API_BASE: `${SIMULATOR}/api/v1` },
    });

  it("exits 0 against the simulator with the shipped wrangler.toml", () => {
    const result = doctor();
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/OK: \d+ names checked, every one exists in Close\./);
    expect(result.status).toBe(0);
  });

  it("exits non-zero naming the field when wrangler.toml names a custom field Close does not have", () => {
    const dir = mkdtempSync(join(tmpdir(), "close-bridge-doctor-"));
    try {
      const toml = readFileSync("wrangler.toml", "utf8").replace(
        "[vars.SOURCES.website.lead]\n",
        '[vars.SOURCES.website.lead]\nsource_field = "Lead origin"\n',
      );
      const path = join(dir, "wrangler.toml");
      writeFileSync(path, toml);
      const result = doctor(path);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(
        '[vars.SOURCES.website] lead.source_field: Close has no lead custom field "Lead origin"',
      );
      expect(result.stdout).toContain('fix: Create a lead custom field "Lead origin"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

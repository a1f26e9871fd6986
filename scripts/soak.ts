// `npm run soak`: close-bridge end to end on the servers `npm run dev` starts (wrangler dev, its
// local Queues and D1, the Close simulator), with their state on disk. 1,000 people over a few
// companies, each posted twice through the `zapier` source as a retrying sender would, while
// the simulator fails 20% of requests with 503, loses 20% of answers, shows writes to search
// seconds late and, for a while, rate-limits hard (per key and per organization, with another
// key using the organization's budget); the bridge is killed mid-run and started again on the
// same state. The source routes in Close as well (status, owner, a task and a custom activity
// per submission). After the faults clear, it checks: exactly 1,000 contacts, 1,000 notes,
// 1,000 tasks and 1,000 activities, one each per person, one lead per company in its status
// with an owner, every submission delivered, none dead, lost or doubled, and the time to drain. Prints each figure with the command that shows it, writes SOAK.md, and exits 1 on any
// miss. It binds 127.0.0.1:8787-8789: run it under `flock /tmp/cb-ports.lock npm run soak`.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { parse as parseToml } from "smol-toml";
import {
  DEV_PORTS,
  isPortTaken,
  readDevSecret,
  startBridge,
  startDevServers,
  type WranglerServer,
} from "./dev-servers.ts";

const PEOPLE = 1000;
const COMPANIES = 8;
const POSTERS = 16;
const STATE_DIR = ".wrangler/soak";
const BRIDGE = `http://127.0.0.1:${DEV_PORTS.bridge}`;
const SIM = `http://127.0.0.1:${DEV_PORTS.simulator}`;
/** The whole run must end within this, or it fails. */
const RUN_BUDGET_MS = 12 * 60_000;

/**
 * Routing in Close for the soak's source, on top of wrangler.toml's `zapier`: a status other than
 * the simulator's default, a lead source, an owner in turn, a task and a custom activity per
 * submission. Every one of these writes meets the same faults as the contact and the note.
 */
const ROUTING = {
  lead: { status: "Qualified", source: "Soak" },
  owner: { users: ["riley@example.com", "sam@example.com"] },
  task: { text: "Call {name} about {message}", due_in: "2h" },
  activity: {
    type: "Form submission",
    note: "also",
    fields: { Source: "{source}", Message: "{message}" },
  },
};

/** wrangler.toml's sources, the soak's `zapier` one routed as above. */
function soakSources(): string {
  const toml = parseToml(readFileSync("wrangler.toml", "utf8")) as {
    vars: { SOURCES: Record<string, Record<string, unknown>> };
  };
  const sources = toml.vars.SOURCES;
  sources.zapier = { ...sources.zapier, ...ROUTING };
  return JSON.stringify(sources);
}

/** The bridge's own variables for the run: short delays, so that the run takes minutes. */
const BRIDGE_VARS = {
  SEARCH_SETTLE_S: "4",
  RETRY_BASE_S: "1",
  DELIVERY_LEASE_S: "30",
  CLOSE_TIMEOUT_MS: "800",
};

/** The faults for most of the run. A lost answer is held 1 s, so the bridge times out first. */
const FAULTS = {
  error_rate: 0.2,
  error_status: 503,
  lost_response_rate: 0.2,
  timeout_ms: 1000,
  search_lag_ms: 3000,
};

/** The rate-limit storm, on top of the faults: 2 per 2 s per key, 4 per 2 s per organization. */
const STORM = {
  ...FAULTS,
  rate_limit: { limit: 2, window_s: 2 },
  organization_rate_limit: { limit: 4, window_s: 2 },
};
const STORM_MS = 20_000;

/** After the last post, the faults last until half the people are delivered, at most this. */
const FAULTS_AFTER_POSTING_MAX_MS = 120_000;

/** Another integration of the same Close organization (its own key), busy during the storm. */
const NEIGHBOUR_KEY = "api_dev.closebridge0simulator0key2";

const ZAPIER_TOKEN = readDevSecret("ZAPIER_TOKEN");
const ADMIN = { authorization: `Bearer ${readDevSecret("ADMIN_TOKEN")}` };
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (line: string) => console.log(`[soak ${elapsed()}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Person = { id: string; email: string; name: string; company: string; note: string };

const run = Date.now().toString(36);
const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
  id: `soak-${run}-${i}`,
  email: `person${i}@soak${i % COMPANIES}.example`,
  name: `Soak Person ${i}`,
  company: `Soak Company ${i % COMPANIES}`,
  note: `Soak note ${i} of run ${run}`,
}));

async function setFaults(faults: Record<string, unknown>) {
  const response = await fetch(`${SIM}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`simulator faults: ${response.status}`);
}

/** Posts one person's submission until the bridge accepts it (a sender retrying): its id. */
async function postUntilAccepted(person: Person, counts: { refused: number }): Promise<string> {
  for (;;) {
    try {
      const response = await fetch(`${BRIDGE}/v1/hooks/zapier`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ZAPIER_TOKEN}` },
        body: JSON.stringify({
          id: person.id,
          contact: { email: person.email, name: person.name },
          company: { name: person.company },
          notes: person.note,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status === 200 || response.status === 202) {
        return ((await response.json()) as { id: string }).id;
      }
      counts.refused += 1;
    } catch {
      counts.refused += 1;
    }
    await sleep(250);
  }
}

async function adminJson<T>(path: string): Promise<T> {
  const response = await fetch(`${BRIDGE}${path}`, {
    headers: ADMIN,
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

type Row = { id: string; status: string; contact_id: string | null; lead_id: string | null };

/** Every submission in the bridge's log, through the admin API. */
async function listSubmissions(): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/v1/admin/submissions?limit=200${cursor ? `&cursor=${cursor}` : ""}`;
    const page = await adminJson<{ data: Row[]; next_cursor: string | null }>(query);
    rows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

/** How many submissions are in these statuses, through the admin API. */
async function countStatus(...statuses: string[]): Promise<number> {
  let count = 0;
  for (const status of statuses) {
    let cursor: string | null = null;
    do {
      const query: string = `/v1/admin/submissions?status=${status}&limit=200${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await adminJson<{ data: Row[]; next_cursor: string | null }>(query);
      count += page.data.length;
      cursor = page.next_cursor;
    } while (cursor);
  }
  return count;
}

/** The statuses of the Close requests the simulator logged (its last 10,000) up to now. */
async function closeAnswers(): Promise<{ total: number; byStatus: Map<number, number> }> {
  const requests = await simList("requests");
  const byStatus = new Map<number, number>();
  for (const r of requests) {
    const status = Number(r.status);
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }
  return { total: requests.length, byStatus };
}

async function simList(kind: string): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${SIM}/__sim/${kind}`, { signal: AbortSignal.timeout(30_000) });
  return ((await response.json()) as { data: Record<string, unknown>[] }).data;
}

/**
 * The scheduled sweep, as the 15-minute cron runs it (wrangler dev runs no cron by itself), its
 * clock 16 minutes ahead: what the killed bridge's local queue lost counts as stalled at once.
 */
async function sweep(): Promise<boolean> {
  const at = Date.now() + 16 * 60_000;
  const response = await fetch(`${BRIDGE}/cdn-cgi/local/scheduled?time=${at}`, {
    signal: AbortSignal.timeout(30_000),
  }).catch(() => undefined);
  return response?.ok === true;
}

const output: string[] = [];
const serverOptions = {
  persistTo: STATE_DIR,
  secretsFile: ".dev.vars.example",
  bridgeVars: { ...BRIDGE_VARS, SOURCES: soakSources() },
  quiet: true,
  killable: true,
  onOutput: (line: string) => output.push(line),
};

for (const port of Object.values(DEV_PORTS)) {
  if (await isPortTaken(port)) {
    console.error(
      `Port ${port} is in use: stop \`npm run dev\` (or whatever holds it) before the soak run, and run it under \`flock /tmp/cb-ports.lock npm run soak\`.`,
    );
    process.exit(1);
  }
}
rmSync(STATE_DIR, { recursive: true, force: true });
log(`starting the dev servers (state in ${STATE_DIR})`);
const servers = await startDevServers(serverOptions).catch((error: unknown) => {
  console.error(output.slice(-40).join("\n"));
  throw error;
});
let bridge: WranglerServer = servers.bridge;
let stopping = false;
const stopAll = async () => {
  stopping = true;
  await bridge.stop();
  await servers.stop();
};
// The servers run in process groups of their own (so that the bridge can be killed like a
// crash): an interrupted run stops them itself.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stopAll().then(() => process.exit(130)));
}

const figures: { name: string; value: string; ok: boolean; command: string }[] = [];
const figure = (name: string, value: string | number, ok: boolean, command: string) => {
  figures.push({ name, value: String(value), ok, command });
};

try {
  if (!(await sweep())) throw new Error("the bridge's scheduled handler cannot be triggered");
  await setFaults(FAULTS);
  log(`faults on: ${JSON.stringify(FAULTS)}`);

  // Post everyone twice, sixteen senders at a time, killing the bridge at 40% and storming at 70%.
  const counts = { refused: 0 };
  const ids = new Map<string, string>();
  const mismatched: string[] = [];
  let next = 0;
  let crashed: Promise<void> | undefined;
  let storm: Promise<void> | undefined;
  let crashAt = 0;
  let interrupted = 0;
  const crash = async () => {
    log("killing the bridge (wrangler and workerd, SIGKILL), mid-delivery");
    crashAt = Date.now();
    await bridge.kill();
    for (let i = 0; i < 50 && (await isPortTaken(DEV_PORTS.bridge)); i++) await sleep(100);
    if (await isPortTaken(DEV_PORTS.bridge)) throw new Error("the killed bridge still answers");
    await sleep(2000);
    log("starting the bridge again on the same state");
    bridge = await startBridge(serverOptions);
    log(`bridge back after ${((Date.now() - crashAt) / 1000).toFixed(1)} s`);
    // Deliveries the kill cut off: their leases are still held by the dead process.
    interrupted = await countStatus("delivering");
    log(`${interrupted} deliveries were cut off by the kill`);
  };
  const neighbour = async (until: number) => {
    while (Date.now() < until && !stopping) {
      await fetch(`${SIM}/api/v1/data/search/`, {
        method: "POST",
        headers: {
          authorization: `Basic ${btoa(`${NEIGHBOUR_KEY}:`)}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ query: { type: "object_type", object_type: "lead" }, _limit: 1 }),
      }).catch(() => undefined);
      await sleep(100);
    }
  };
  const stormFor = async () => {
    log(`rate-limit storm for ${STORM_MS / 1000} s: ${JSON.stringify(STORM)}`);
    await setFaults(STORM);
    await neighbour(Date.now() + STORM_MS);
    await setFaults(FAULTS);
    log("storm over");
  };
  const poster = async () => {
    for (let i = next++; i < PEOPLE; i = next++) {
      const person = people[i] as Person;
      if (i === Math.floor(PEOPLE * 0.4) && !crashed) crashed = crash();
      if (i === Math.floor(PEOPLE * 0.7) && !storm) storm = stormFor();
      const first = await postUntilAccepted(person, counts);
      const again = await postUntilAccepted(person, counts);
      if (again !== first) mismatched.push(person.id);
      ids.set(person.id, first);
    }
  };
  const postingStarted = Date.now();
  await Promise.all(Array.from({ length: POSTERS }, poster));
  await crashed;
  await storm;
  const postingS = (Date.now() - postingStarted) / 1000;
  log(
    `posted ${PEOPLE} people twice in ${postingS.toFixed(1)} s (${counts.refused} posts refused or unanswered and sent again)`,
  );

  // The faults go on until half the submissions are delivered through them (within a bound),
  // then clear; the sweep runs as the cron would.
  const sweeps = setInterval(() => void sweep(), 15_000);
  await sweep();
  const faultsUntil = Date.now() + FAULTS_AFTER_POSTING_MAX_MS;
  while (Date.now() < faultsUntil) {
    const done = await countStatus("delivered").catch(() => 0);
    if (done >= PEOPLE / 2) break;
    await sleep(2000);
  }
  const duringFaults = await closeAnswers();
  const deliveredAtClear = await countStatus("delivered");
  await setFaults({});
  const cleared = Date.now();
  log("faults cleared; waiting for the queue to drain");
  let moving = Number.POSITIVE_INFINITY;
  while (Date.now() - started < RUN_BUDGET_MS) {
    moving = await countStatus("queued", "retrying", "delivering").catch(
      () => Number.POSITIVE_INFINITY,
    );
    if (moving === 0) break;
    await sleep(2000);
  }
  const drainS = (Date.now() - cleared) / 1000;
  clearInterval(sweeps);
  log(
    moving === 0
      ? `drained ${drainS.toFixed(1)} s after the faults cleared`
      : `still ${moving} moving at the budget's end`,
  );

  // What the bridge and the simulator hold.
  const rows = await listSubmissions();
  const contacts = await simList("contacts");
  const notes = await simList("notes");
  const leads = await simList("leads");
  const tasks = await simList("tasks");
  const activities = await simList("custom_activities");
  const statuses = await fetch(`${SIM}/api/v1/status/lead/`, {
    headers: { authorization: `Basic ${btoa(`${NEIGHBOUR_KEY}:`)}` },
  }).then(async (r) => ((await r.json()) as { data: { id: string; label: string }[] }).data);

  const submissionIds = new Set(ids.values());
  const byId = new Map(rows.map((row) => [row.id, row]));
  const delivered = rows.filter((row) => row.status === "delivered").length;
  const dead = rows.filter((row) => row.status === "dead").length;
  const lost = [...submissionIds].filter((id) => byId.get(id)?.status !== "delivered").length;
  const emailsOf = (c: Record<string, unknown>) =>
    (c.emails as { email: string }[]).map((e) => e.email);
  const contactsPerEmail = new Map<string, number>();
  for (const c of contacts) {
    for (const email of emailsOf(c))
      contactsPerEmail.set(email, (contactsPerEmail.get(email) ?? 0) + 1);
  }
  const missingPeople = people.filter((p) => contactsPerEmail.get(p.email) !== 1).length;
  const notesPerPerson = new Map<string, number>();
  for (const n of notes) {
    const text = String(n.note);
    const match = /Soak note (\d+) of run/.exec(text);
    if (match?.[1]) notesPerPerson.set(match[1], (notesPerPerson.get(match[1]) ?? 0) + 1);
  }
  const duplicateNotes = [...notesPerPerson.values()].filter((n) => n > 1).length;
  const peopleWithoutNote = people.length - notesPerPerson.size;
  const leadNames = leads.map((l) => String(l.name));
  const companies = new Set(people.map((p) => p.company));
  const duplicateLeads = leadNames.length - new Set(leadNames).size;
  const leadOfCompany = new Map(leads.map((l) => [String(l.name), String(l.id)]));
  const onWrongLead = contacts.filter((c) => {
    const person = people.find((p) => emailsOf(c).includes(p.email));
    return !person || leadOfCompany.get(person.company) !== c.lead_id;
  }).length;
  // Routing: one task and one activity per person (the person's number in the task's text, the
  // note's words in the activity's fields), and every lead in the status with an owner.
  const perPerson = (records: Record<string, unknown>[], pattern: RegExp) => {
    const counts = new Map<string, number>();
    for (const record of records) {
      const match = pattern.exec(JSON.stringify(record));
      if (match?.[1]) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
    }
    const doubled = [...counts.values()].filter((n) => n > 1).length;
    return { doubled, missing: people.length - counts.size };
  };
  const taskCounts = perPerson(tasks, /Soak Person (\d+)\b/);
  const activityCounts = perPerson(activities, /Soak note (\d+) of run/);
  const qualified = statuses.find((status) => status.label === ROUTING.lead.status)?.id;
  const ownerField = await fetch(`${SIM}/api/v1/custom_field/lead/`, {
    headers: { authorization: `Basic ${btoa(`${NEIGHBOUR_KEY}:`)}` },
  }).then(async (r) => {
    const fields = ((await r.json()) as { data: { id: string; name: string }[] }).data;
    return fields.find((field) => field.name === "Lead owner")?.id;
  });
  const unrouted = leads.filter(
    (lead) => lead.status_id !== qualified || !ownerField || !lead[`custom.${ownerField}`],
  ).length;
  const answered = (status: number) => duringFaults.byStatus.get(status) ?? 0;

  const d1 = `npx wrangler d1 execute DB --local --persist-to ${STATE_DIR} --command`;
  const keep = "(servers up: npm run soak -- --keep)";
  figure(
    "submissions in the log",
    rows.length,
    rows.length === PEOPLE,
    `${d1} "SELECT COUNT(*) FROM submissions"`,
  );
  figure(
    "delivered",
    delivered,
    delivered === PEOPLE,
    `${d1} "SELECT status, COUNT(*) FROM submissions GROUP BY status"`,
  );
  figure(
    "dead",
    dead,
    dead === 0,
    `${d1} "SELECT COUNT(*) FROM submissions WHERE status = 'dead'"`,
  );
  figure(
    "lost (accepted, not delivered)",
    lost,
    lost === 0,
    `${d1} "SELECT COUNT(*) FROM submissions WHERE status != 'delivered'"`,
  );
  figure(
    "second posts answered with another id",
    mismatched.length,
    mismatched.length === 0,
    "the soak's own count of the senders' answers",
  );
  figure(
    "contacts in Close",
    contacts.length,
    contacts.length === PEOPLE,
    `curl -s ${SIM}/__sim/contacts | jq '.data | length' ${keep}`,
  );
  figure(
    "people without exactly one contact",
    missingPeople,
    missingPeople === 0,
    `curl -s ${SIM}/__sim/contacts | jq '[.data[].emails[].email] | group_by(.) | map(select(length > 1)) | length' ${keep}`,
  );
  figure(
    "notes in Close",
    notes.length,
    notes.length === PEOPLE,
    `curl -s ${SIM}/__sim/notes | jq '.data | length' ${keep}`,
  );
  figure(
    "people with two notes or more",
    duplicateNotes,
    duplicateNotes === 0,
    `curl -s ${SIM}/__sim/notes | jq '[.data[].note | capture("Soak note (?<n>[0-9]+)").n] | group_by(.) | map(select(length > 1)) | length' ${keep}`,
  );
  figure(
    "people without a note",
    peopleWithoutNote,
    peopleWithoutNote === 0,
    `curl -s ${SIM}/__sim/notes | jq '.data | length' ${keep}`,
  );
  figure(
    `leads (companies: ${companies.size})`,
    leads.length,
    leads.length === companies.size && duplicateLeads === 0,
    `curl -s ${SIM}/__sim/leads | jq '[.data[].name] | unique | length' ${keep}`,
  );
  figure(
    "contacts on another lead than their company's",
    onWrongLead,
    onWrongLead === 0,
    `curl -s ${SIM}/__sim/contacts | jq '[.data[] | {lead_id}] | group_by(.lead_id) | map(length)' ${keep}`,
  );
  figure(
    "tasks in Close (one per person)",
    tasks.length,
    tasks.length === PEOPLE && taskCounts.doubled === 0 && taskCounts.missing === 0,
    `curl -s ${SIM}/__sim/tasks | jq '.data | length' ${keep}`,
  );
  figure(
    "people with two tasks or more / without one",
    `${taskCounts.doubled} / ${taskCounts.missing}`,
    taskCounts.doubled === 0 && taskCounts.missing === 0,
    `curl -s ${SIM}/__sim/tasks | jq '[.data[].text | capture("Soak Person (?<n>[0-9]+)").n] | group_by(.) | map(select(length > 1)) | length' ${keep}`,
  );
  figure(
    "form-submission activities in Close (one per person)",
    activities.length,
    activities.length === PEOPLE && activityCounts.doubled === 0 && activityCounts.missing === 0,
    `curl -s ${SIM}/__sim/custom_activities | jq '.data | length' ${keep}`,
  );
  figure(
    "people with two activities or more / without one",
    `${activityCounts.doubled} / ${activityCounts.missing}`,
    activityCounts.doubled === 0 && activityCounts.missing === 0,
    `curl -s ${SIM}/__sim/custom_activities | jq '[.data[] | tostring | capture("Soak note (?<n>[0-9]+)").n] | group_by(.) | map(select(length > 1)) | length' ${keep}`,
  );
  figure(
    `leads not in "${ROUTING.lead.status}" or without an owner`,
    unrouted,
    unrouted === 0,
    `curl -s ${SIM}/__sim/leads | jq '[.data[] | {status_label}]' ${keep}`,
  );
  figure(
    "time to drain after the faults cleared (s)",
    drainS.toFixed(1),
    moving === 0,
    "the soak's own clock (polls the admin API every 2 s)",
  );
  figure("posting 2,000 requests (s)", postingS.toFixed(1), true, "the soak's own clock");
  figure(
    "posts refused or unanswered, sent again (the kill)",
    counts.refused,
    true,
    "the soak's own count",
  );
  figure(
    "deliveries the kill cut off (delivering, their lease held by the dead process)",
    interrupted,
    true,
    "the soak's count through the admin API, right after the restart",
  );
  figure(
    "delivered through the faults (when they cleared)",
    deliveredAtClear,
    true,
    "the soak's count through the admin API",
  );
  figure(
    `Close requests under faults (the simulator's last ${duringFaults.total}): 429 / 503 / 504 lost`,
    `${answered(429)} / ${answered(503)} / ${answered(504)}`,
    answered(503) > 0 && answered(504) > 0 && answered(429) > 0,
    `curl -s ${SIM}/__sim/requests | jq '[.data[].status] | group_by(.) | map({(.[0]|tostring): length}) | add' (read as the faults clear)`,
  );
  figure(
    "whole run (s)",
    ((Date.now() - started) / 1000).toFixed(1),
    Date.now() - started < RUN_BUDGET_MS,
    "npm run soak",
  );

  const width = Math.max(...figures.map((f) => f.name.length));
  console.log("\nfigure".padEnd(width + 2), "value      ", "ok", "  command");
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(width)}  ${f.value.padEnd(11)} ${f.ok ? "ok" : "MISS"}  ${f.command}`,
    );
  }
  const missed = figures.filter((f) => !f.ok);

  const report = `# Soak run

Written by \`npm run soak\` (scripts/soak.ts) on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} CPUs,
Node ${process.version}. Run it under the ports lock: \`flock /tmp/cb-ports.lock npm run soak\`.

The servers \`npm run dev\` starts (wrangler dev with its local Queues and D1, and the Close
simulator), their state on disk in \`${STATE_DIR}\`. ${PEOPLE.toLocaleString("en")} people over ${COMPANIES} companies, each
posted twice through the \`zapier\` source by ${POSTERS} concurrent senders (the second post at once, as a
sender retrying; each repeated until answered 2xx). The source routes in Close as well (\`SOURCES\` is
wrangler.toml's with \`zapier\` given \`${JSON.stringify(ROUTING)}\`): each submission also
writes the lead's status and owner, a task and a custom activity, all under the same faults. Meanwhile the simulator injects
\`${JSON.stringify(FAULTS)}\`; at 40% of the posts the bridge's wrangler and workerd are
killed (SIGKILL: a crash before acks; the local queue loses its messages) and started again on
the same state; at 70%, for ${STORM_MS / 1000} s, a rate-limit storm \`${JSON.stringify({ rate_limit: STORM.rate_limit, organization_rate_limit: STORM.organization_rate_limit })}\`
while another key of the organization searches every 100 ms. After the last post the faults go
on until half the submissions are delivered (at most ${FAULTS_AFTER_POSTING_MAX_MS / 1000} s more), then clear. The scheduled sweep is triggered every 15 s
(\`/cdn-cgi/local/scheduled\`, its clock 16 minutes ahead: wrangler dev runs no cron, and the
killed local queue's messages must count as stalled at once).

The bridge runs with short delays so that the run takes minutes (\`--var\`):
\`${JSON.stringify(BRIDGE_VARS)}\` (production defaults: SEARCH_SETTLE_S 60, RETRY_BASE_S 60,
DELIVERY_LEASE_S 960, CLOSE_TIMEOUT_MS 10000).

| figure | value | | how to see it |
|---|---|---|---|
${figures.map((f) => `| ${f.name} | ${f.value} | ${f.ok ? "ok" : "MISS"} | \`${f.command.replace(/\|/g, "\\|")}\` |`).join("\n")}

${missed.length === 0 ? "Every figure met." : `Missed: ${missed.map((f) => f.name).join(", ")}.`}
`;
  writeFileSync("SOAK.md", report);
  log("wrote SOAK.md");
  if (missed.length > 0) {
    console.error(`MISSED: ${missed.map((f) => f.name).join(", ")}`);
    console.error(
      output
        .filter((line) => /error|Error/.test(line))
        .slice(-30)
        .join("\n"),
    );
    process.exitCode = 1;
  }
} catch (error) {
  console.error(String(error));
  console.error(output.slice(-40).join("\n"));
  process.exitCode = 1;
} finally {
  if (process.argv.includes("--keep")) {
    log(`servers left running (Ctrl-C stops them): bridge ${BRIDGE}, simulator ${SIM}`);
  } else {
    await stopAll();
  }
}

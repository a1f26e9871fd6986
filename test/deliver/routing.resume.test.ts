// Routing resumed after a lost answer: for each write routing makes, Close does the write and the
// answer never comes (the simulator's lose_next and lost_response_rate faults). The delivery
// resumes, finds what it wrote, and ends with exactly one of each and one owner turn. And a
// forced re-delivery of a delivered submission: routed again, with the owner turn it took.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { loadSubmission } from "../../src/store/submissions.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import {
  closeApi,
  customFieldId,
  setFaults,
  simContacts,
  simCustomActivities,
  simLeads,
  simNotes,
  simOpportunities,
  simRequests,
  simTasks,
} from "../helpers/sim.ts";

beforeEach(resetWorld);

/** A source that routes everything routing can write. */
const EVERYTHING = {
  preset: "json",
  allow_unprotected: true,
  dedupe_key: "id",
  lead: { status: "Qualified", source: "Referral" },
  owner: { users: ["riley@example.com", "sam@example.com"] },
  task: { text: "Call {name} about {message}", due_in: "1h" },
  activity: { type: "Form submission", fields: { Source: "{source}", Message: "{message}" } },
  opportunity: { status: "Active", value: 500 },
  consent: { field: "Marketing consent", unsubscribe_when_unchecked: true },
};

const RILEY = "user_xEEsAoCaA2QTqpOoast0vQj8VMtbYo9Mqb5jZMQObDD";

const everythingHarness = () => queueHarness({ SOURCES: { everything: EVERYTHING } });

async function deliverOne(faults: Record<string, unknown>, h = everythingHarness()) {
  await setFaults({ timeout_ms: 0, ...faults });
  const response = await h.fetch("/v1/hooks/everything", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: "evt-1",
      name: "Ada Lovelace",
      email: "ada@analytical.example",
      company: "Analytical Engines",
      message: "A demo",
    }),
  });
  const { id } = (await response.json()) as { id: string };
  const { left } = await h.drain();
  expect(left).toBe(0);
  return id;
}

/** Everything one routed submission leaves in Close, exactly once each. */
async function expectRoutedOnce(id: string) {
  expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "delivered" });
  const [lead, ...moreLeads] = await simLeads();
  expect(moreLeads).toEqual([]);
  expect(lead).toMatchObject({
    status_label: "Qualified",
    [`custom.${customFieldId("lead", "Lead source")}`]: "Referral",
    [`custom.${customFieldId("lead", "Lead owner")}`]: RILEY,
  });
  const [contact, ...moreContacts] = await simContacts();
  expect(moreContacts).toEqual([]);
  expect(contact).toMatchObject({
    [`custom.${customFieldId("contact", "Marketing consent")}`]: "No",
    emails: [expect.objectContaining({ is_unsubscribed: true })],
  });
  expect(await simNotes()).toHaveLength(1);
  expect(await simTasks()).toEqual([
    expect.objectContaining({ lead_id: lead?.id, assigned_to: RILEY }),
  ]);
  expect(await simCustomActivities()).toEqual([expect.objectContaining({ lead_id: lead?.id })]);
  expect(await simOpportunities()).toEqual([
    expect.objectContaining({ lead_id: lead?.id, value: 50000, user_id: RILEY }),
  ]);
  // One turn of the rotation, however many attempts it took.
  const turns = await env.DB.prepare("SELECT turns FROM owner_rotations").all<{ turns: number }>();
  expect(turns.results).toEqual([{ turns: 1 }]);
  const stored = await loadSubmission(env.DB, id);
  expect(JSON.parse(stored?.routing ?? "{}")).toMatchObject({
    owner_turn: 1,
    owner_id: RILEY,
    lead_done: true,
    contact_done: true,
    task_id: expect.stringMatching(/^task_/),
    activity_id: expect.stringMatching(/^acti_/),
    opportunity_id: expect.stringMatching(/^oppo_/),
  });
}

const sent = async (group: string) =>
  (await simRequests()).filter((r) => {
    const [method, pattern] = group.split(" ");
    const path = r.path.replace(/^\/api\/v1/, "").replace(/\/(lead|cont)_\w+\//, "/{id}/");
    return r.method === method && path === pattern;
  });

describe("a routed delivery whose answer to one write is lost", () => {
  it("routes everything once when no answer is lost (the baseline)", async () => {
    await expectRoutedOnce(await deliverOne({}));
  });

  it.each([
    ["PUT /lead/{id}/", "the lead's status, source and owner"],
    ["PUT /contact/{id}/", "the contact's consent"],
    ["POST /unsubscribe/email/", "the unsubscribe (sent again, Close would refuse it)"],
    ["POST /activity/custom/", "the custom activity"],
    ["POST /task/", "the task"],
    ["POST /opportunity/", "the opportunity"],
  ])("%s (%s) resumes, finds what it wrote, and makes nothing twice", async (group) => {
    const id = await deliverOne({ lose_next: 1, endpoints: [group] });
    const attempts = await sent(group);
    expect(attempts[0]?.status).toBe(504);
    await expectRoutedOnce(id);
    if (group.startsWith("POST")) expect(attempts).toHaveLength(1);
  });

  it.each(["POST /activity/custom/", "POST /task/", "POST /opportunity/"])(
    "%s never sent twice even when every answer to it is lost",
    async (group) => {
      const id = await deliverOne({ lost_response_rate: 1, endpoints: [group] });
      expect(await sent(group)).toHaveLength(1);
      await expectRoutedOnce(id);
    },
  );
});

describe("a delivered, routed submission delivered again by force (?force=1)", () => {
  /** Replays the submission by force and delivers it. */
  async function deliverAgain(h: ReturnType<typeof everythingHarness>, id: string) {
    const replay = await h.fetch(`/v1/admin/submissions/${id}/replay?force=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    });
    expect(replay.status).toBe(202);
    expect((await h.drain()).left).toBe(0);
  }

  it("routes the new lead again after its lead was deleted in Close, with the same owner and no second turn", async () => {
    const h = everythingHarness();
    const id = await deliverOne({}, h);
    await expectRoutedOnce(id);
    const [gone] = await simLeads();
    await closeApi("DELETE", `/lead/${gone?.id}/`);
    // Other submissions took turns meanwhile: the rotation's next would give the lead to Sam.
    await env.DB.prepare("UPDATE owner_rotations SET turns = 5").run();

    await deliverAgain(h, id);
    const leads = await simLeads();
    const lead = leads.find((l) => l.name === "Analytical Engines");
    expect(lead?.id).not.toBe(gone?.id);
    expect(lead).toMatchObject({
      status_label: "Qualified",
      [`custom.${customFieldId("lead", "Lead source")}`]: "Referral",
      [`custom.${customFieldId("lead", "Lead owner")}`]: RILEY,
    });
    expect(await simTasks()).toEqual([
      expect.objectContaining({ lead_id: lead?.id, assigned_to: RILEY }),
    ]);
    expect(await simCustomActivities()).toEqual([expect.objectContaining({ lead_id: lead?.id })]);
    expect(await simOpportunities()).toEqual([
      expect.objectContaining({ lead_id: lead?.id, user_id: RILEY }),
    ]);
    const [contact] = await simContacts();
    expect(contact?.[`custom.${customFieldId("contact", "Marketing consent")}`]).toBe("No");
    // The turn it took at first; the rotation did not move.
    const turns = await env.DB.prepare("SELECT turns FROM owner_rotations").all<{
      turns: number;
    }>();
    expect(turns.results).toEqual([{ turns: 5 }]);
    const stored = await loadSubmission(env.DB, id);
    expect(stored?.status).toBe("delivered");
    expect(JSON.parse(stored?.routing ?? "{}")).toMatchObject({
      owner_turn: 1,
      owner_id: RILEY,
      lead_done: true,
      task_id: (await simTasks())[0]?.id,
    });
  });

  it("finds on the lead it delivered to the task, activity and opportunity it made, and makes none twice", async () => {
    const h = everythingHarness();
    const id = await deliverOne({}, h);
    await deliverAgain(h, id);
    const [lead, ...more] = await simLeads();
    expect(more).toEqual([]);
    expect(await simTasks()).toEqual([expect.objectContaining({ lead_id: lead?.id })]);
    expect(await simCustomActivities()).toEqual([expect.objectContaining({ lead_id: lead?.id })]);
    expect(await simOpportunities()).toEqual([expect.objectContaining({ lead_id: lead?.id })]);
    const turns = await env.DB.prepare("SELECT turns FROM owner_rotations").all<{
      turns: number;
    }>();
    expect(turns.results).toEqual([{ turns: 1 }]);
  });
});

// A lead lost to a mapping mistake comes back: the log keeps what the sender sent until the
// submission is delivered, and a replay maps it anew with the configuration of the day, after
// a dry run that shows the stored draft beside the new one.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ErrorBody } from "../../src/errors.ts";
import { loadSenderInput, loadSubmission } from "../../src/store/submissions.ts";
import { DEV_SECRETS } from "../helpers/deliveries.ts";
import { queueHarness } from "../helpers/queue.ts";
import { resetWorld } from "../helpers/reset.ts";
import { simContacts } from "../helpers/sim.ts";

beforeEach(resetWorld);

const ADMIN = { authorization: `Bearer ${DEV_SECRETS.ADMIN_TOKEN}` };
const SOURCE_PAGE = "cf_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";
const TYPO = "cf_u8jzPde0IgxLd6GncfBAepfJBd0KhBoOOL8dKLzdocJ";

/** The `signup` source, mapping the page field to a contact custom field `id`. */
function signup(id: string, extra: Record<string, unknown> = {}) {
  return queueHarness({
    SOURCES: {
      signup: {
        preset: "json",
        allow_unprotected: true,
        fields: { [`custom.${id}`]: "page" },
        ...extra,
      },
    },
  });
}

const ADA = { email: "ada@example.com", name: "Ada Lovelace", page: "https://example.com/pricing" };

async function submitDead(): Promise<string> {
  const broken = signup(TYPO);
  const response = await broken.fetch("/v1/hooks/signup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADA),
  });
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  await broken.drain();
  expect(await loadSubmission(env.DB, id)).toMatchObject({
    status: "dead",
    last_error_code: "close_rejected",
  });
  return id;
}

type DryRun = {
  dry_run: boolean;
  remapped: boolean;
  status: string;
  old_draft: { custom: Record<string, unknown> };
  new_draft: { custom: Record<string, unknown> };
  changes: string[];
  findings: { kind: string; field: string }[];
};

describe("replay of a submission that went dead on a wrong custom field id", () => {
  it("shows the corrected draft beside the stored one with dry_run=1, changing nothing", async () => {
    const id = await submitDead();
    const fixed = signup(SOURCE_PAGE);
    const response = await fixed.fetch(`/v1/admin/submissions/${id}/replay?dry_run=1`, {
      method: "POST",
      headers: ADMIN,
    });
    expect(response.status).toBe(200);
    const dryRun = (await response.json()) as DryRun;
    expect(dryRun).toMatchObject({ dry_run: true, remapped: true, status: "dead" });
    expect(dryRun.old_draft.custom).toEqual({ [TYPO]: ADA.page });
    expect(dryRun.new_draft.custom).toEqual({ [SOURCE_PAGE]: ADA.page });
    expect(dryRun.changes).toEqual(["custom"]);
    expect(dryRun.findings).toEqual([]);
    expect(fixed.sent).toEqual([]);
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "dead" });
  });

  it("flags the wrong id in a dry run while the mapping is not fixed yet", async () => {
    const id = await submitDead();
    const response = await signup(TYPO).fetch(`/v1/admin/submissions/${id}/replay?dry_run=1`, {
      method: "POST",
      headers: ADMIN,
    });
    const dryRun = (await response.json()) as DryRun;
    expect(dryRun.changes).toEqual([]);
    expect(dryRun.findings).toEqual([
      expect.objectContaining({ kind: "unknown_custom_field", field: `fields.custom.${TYPO}` }),
    ]);
  });

  it("is delivered by a replay once the mapping is fixed", async () => {
    const id = await submitDead();
    const fixed = signup(SOURCE_PAGE);
    const response = await fixed.fetch(`/v1/admin/submissions/${id}/replay`, {
      method: "POST",
      headers: ADMIN,
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ id, status: "queued", remapped: true });
    await fixed.drain();
    expect(await loadSubmission(env.DB, id)).toMatchObject({
      status: "delivered",
      outcome: "created",
      draft: expect.objectContaining({ custom: { [SOURCE_PAGE]: ADA.page } }),
    });
    expect(await simContacts()).toEqual([
      expect.objectContaining({ name: "Ada Lovelace", [`custom.${SOURCE_PAGE}`]: ADA.page }),
    ]);
    // Delivered: what the sender sent is not kept any longer.
    expect(await loadSenderInput(env.DB, id)).toBeUndefined();
    const detail = await fixed.fetch(`/v1/admin/submissions/${id}`, { headers: ADMIN });
    expect(await detail.json()).toMatchObject({ sender_input: { kept: false } });
  });

  it("is delivered by a bulk replay of dead submissions, mapped anew", async () => {
    const id = await submitDead();
    const fixed = signup(SOURCE_PAGE);
    const response = await fixed.fetch("/v1/admin/replay?status=dead&source=signup", {
      method: "POST",
      headers: ADMIN,
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ replayed: 1, ids: [id], refused: [] });
    await fixed.drain();
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "delivered" });
  });

  it.each([
    ["one", "single"],
    ["every dead", "bulk"],
  ])(
    "found by the email of its new draft after a replay of %s maps it anew, not by the one it had",
    async (_, kind) => {
      const broken = signup(TYPO);
      const response = await broken.fetch("/v1/hooks/signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...ADA, work_email: "ada@engines.example" }),
      });
      const { id } = (await response.json()) as { id: string };
      await broken.drain();
      const fixed = signup(SOURCE_PAGE, {
        fields: { email: "work_email", [`custom.${SOURCE_PAGE}`]: "page" },
      });
      const found = async (email: string) => {
        const list = await fixed.fetch("/v1/admin/search", {
          method: "POST",
          headers: { ...ADMIN, "content-type": "application/json" },
          body: JSON.stringify({ email }),
        });
        return ((await list.json()) as { data: { id: string }[] }).data.map((row) => row.id);
      };
      expect(await found(ADA.email)).toEqual([id]);
      const replay = await fixed.fetch(
        kind === "single" ? `/v1/admin/submissions/${id}/replay` : "/v1/admin/replay?status=dead",
        { method: "POST", headers: ADMIN },
      );
      expect(replay.status).toBe(202);
      expect(await found("ada@engines.example")).toEqual([id]);
      expect(await found(ADA.email)).toEqual([]);
    },
  );

  it("is refused with the reasons when the new mapping cannot make a contact of it", async () => {
    const id = await submitDead();
    const emailless = signup(SOURCE_PAGE, {
      fields: { email: "mail", [`custom.${SOURCE_PAGE}`]: "page" },
    });
    const response = await emailless.fetch(`/v1/admin/submissions/${id}/replay`, {
      method: "POST",
      headers: ADMIN,
    });
    expect(response.status).toBe(422);
    const { error } = ErrorBody.parse(await response.json());
    expect(error.code).toBe("unmappable");
    expect(error.details).toContainEqual({
      field: "fields.email",
      problem: '"mail" matches no answer and nothing in the payload of this submission',
    });
    expect(emailless.sent).toEqual([]);
    expect(await loadSubmission(env.DB, id)).toMatchObject({ status: "dead" });
  });

  it("shows a delivered submission's replay too, without force: a dry run changes nothing", async () => {
    const h = signup(SOURCE_PAGE);
    const response = await h.fetch("/v1/hooks/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADA),
    });
    const { id } = (await response.json()) as { id: string };
    await h.drain();
    const dryRun = await h.fetch(`/v1/admin/submissions/${id}/replay?dry_run=1`, {
      method: "POST",
      headers: ADMIN,
    });
    expect(dryRun.status).toBe(200);
    expect(await dryRun.json()).toMatchObject({
      status: "delivered",
      remapped: false,
      reason: expect.stringContaining("not kept once a submission is delivered"),
      changes: [],
    });
    const replay = await h.fetch(`/v1/admin/submissions/${id}/replay`, {
      method: "POST",
      headers: ADMIN,
    });
    expect(replay.status).toBe(409);
  });

  it("keeps what the sender sent while it is dead, and the admin API says so", async () => {
    const id = await submitDead();
    const response = await signup(SOURCE_PAGE).fetch(`/v1/admin/submissions/${id}`, {
      headers: ADMIN,
    });
    expect(await response.json()).toMatchObject({
      sender_input: {
        kept: true,
        content_type: "application/json",
        bytes: JSON.stringify(ADA).length,
      },
    });
  });
});

// The causes of an incident, each with the words its alerts use: a title, and the fix the
// person reading it should apply. Pure: the observations (what was seen, how often) come from
// observe.ts and checks.ts.
import * as z from "../zod.ts";

/** Why an incident is open (docs/alerts.md lists what opens and resolves each). */
export const IncidentCause = z.deferred(() =>
  z.enum([
    "close_auth_failed",
    "close_rejected",
    "config_invalid",
    "secret_missing",
    "submissions_dead",
    "backlog",
    "oldest_undelivered",
    "signature_failures",
  ]),
);
export type IncidentCause = z.infer<typeof IncidentCause>;

/** The commands an alert names, kept in one place. */
const REPLAY_HINT = (source: string) =>
  `replay them from the console or with \`POST /v1/admin/replay?source=${source}\``;

/** A refused-permission incident's detail: `403` and the kind of request (`403 POST /task/`). */
export function forbiddenDetailOf(kind: string): string {
  return `403 ${kind}`;
}

/**
 * The kind of request a `close_auth_failed` detail says the key lacks permission for: `""` for
 * the bare `403` of earlier versions (no kind named), undefined for a refused key (`401`).
 */
export function refusedKindOf(detail: string): string | undefined {
  if (detail === "403") return "";
  return detail.startsWith("403 ") ? detail.slice(4) : undefined;
}

/**
 * Whether a `close_auth_failed` detail is about the key as a whole (a `401`, or the bare `403`
 * of earlier versions): any delivery Close answers, or Close taking the key again, ends it.
 */
export function isWholeKeyRefusal(detail: string): boolean {
  return detail === "401" || refusedKindOf(detail) === "";
}

/**
 * The incident's title: what broke. Where (the source) is not part of it: every message and
 * the console say it beside the title.
 */
export function titleOf(cause: IncidentCause, detail = ""): string {
  switch (cause) {
    case "close_auth_failed":
      return refusedKindOf(detail) !== undefined
        ? "The API key lacks permission in Close"
        : "Close refuses the API key";
    case "close_rejected":
      return "Close refuses a mapped field";
    case "config_invalid":
      return "The configuration is invalid";
    case "secret_missing":
      return "A secret is missing";
    case "submissions_dead":
      return "Submissions went dead";
    case "backlog":
      return "Submissions are piling up";
    case "oldest_undelivered":
      return "A submission has waited too long";
    case "signature_failures":
      return "Signature checks are failing";
  }
}

/** What to do about it, with the commands. */
export function fixOf(
  cause: IncidentCause,
  source: string | null,
  facts: { status?: number; field?: string; secret?: string; secrets?: string[] } = {},
): string {
  const name = source ?? "<source>";
  switch (cause) {
    case "close_auth_failed":
      return facts.status === 403
        ? "Close answered 403: the API key lacks permission or its user was deactivated; set a working key with `wrangler secret put CLOSE_API_KEY`. Waiting submissions are retried on their own."
        : "Close answered 401: the API key was revoked or is wrong; set a new one with `wrangler secret put CLOSE_API_KEY`. Waiting submissions are retried on their own.";
    case "close_rejected":
      return `Fix the mapping of ${facts.field ?? "the field"} in [vars.SOURCES.${name}.fields] (or the field in Close), deploy, then ${REPLAY_HINT(name)}; \`POST /v1/hooks/${name}/preview\` shows what Close would be sent.`;
    case "config_invalid":
      return "Fix wrangler.toml as the problem says (`npm run check` names every problem), then `npm run deploy`.";
    case "secret_missing": {
      const commands = (facts.secrets ?? ["<NAME>"]).map(
        (name) => `\`wrangler secret put ${name}\``,
      );
      return `Set it with ${commands.join(" and ")} (no redeploy needed).`;
    }
    case "submissions_dead":
      return `Once the cause in the last error is fixed, ${REPLAY_HINT(name)}.`;
    case "backlog":
    case "oldest_undelivered":
      return "Close may be down, slow or rate-limiting the key, or a cause above stops deliveries: check the other open incidents and `GET /v1/health?deep=1`. Submissions are kept and retried.";
    case "signature_failures":
      return `If ${name}'s sender rotated its signing secret, set the new one with \`wrangler secret put ${facts.secret ?? "<SECRET>"}\`; if not, someone is probing POST /v1/hooks/${name} and nothing needs doing (refused requests never reach Close).`;
  }
}

// One submission's page: its summary, the links to its contact and lead in Close, replay and erase, the
// timeline of its attempts, what was received, the draft and the Close requests each attempt
// sent. It refreshes itself while the submission is on its way.
import { type Attempt, callAdminApi, type ReplayPreview, type SubmissionDetail } from "../api.ts";
import { type Console, type Page, runLoad } from "../context.ts";
import { type Content, fill, h } from "../dom.ts";
import { formatDuration, statusBadge, timeElement } from "../format.ts";
import { renderAnswers, renderDraft } from "../views.ts";

/** Close's page of a lead (its `html_url`). */
export function closeLeadUrl(leadId: string): string {
  return `https://app.close.com/lead/${encodeURIComponent(leadId)}/`;
}

/**
 * A contact in Close: Close documents no web address for a contact (only a lead has an
 * `html_url`), so its lead's page, where Close lists the lead's contacts, with the contact's id
 * in the fragment to say which one (see docs/admin.md).
 */
export function closeContactUrl(leadId: string, contactId: string): string {
  return `${closeLeadUrl(leadId)}#contact=${encodeURIComponent(contactId)}`;
}

/** A link into Close that opens in a new tab, showing the id it goes to. */
function closeAnchor(href: string, id: string, name: string): HTMLElement {
  return h(
    "a",
    { href, class: `mono ${name}-link`, target: "_blank", rel: "noopener noreferrer" },
    id,
  );
}

const REFRESH_MS = 3_000;
const MOVING = new Set(["queued", "delivering", "retrying"]);

const RESULT_WORDS: Record<Attempt["result"], string> = {
  created: "Delivered: created in Close",
  updated: "Delivered: updated in Close",
  skipped: "Skipped: already in Close",
  retry: "Failed: will be retried",
  rate_limited: "Waited for Close's rate limit",
  dead: "Failed: dead",
};

/**
 * Whether each attempt came after a replay: a replay gives the submission a fresh retry budget,
 * so its count starts again at 1 (or stays put, when the replay came before any attempt).
 */
function replayedBefore(attempts: Attempt[]): boolean[] {
  return attempts.map((attempt, i) => i > 0 && attempt.attempt <= (attempts[i - 1]?.attempt ?? 0));
}

function renderTimeline(s: SubmissionDetail, attempts: Attempt[]): HTMLElement[] {
  const items: HTMLElement[] = [
    h(
      "li",
      { class: "event event-received" },
      h("strong", {}, "Received"),
      " ",
      timeElement(s.received_at),
      h("p", { class: "muted" }, `From the ${s.source} source, ${s.mode} mode.`),
    ),
  ];
  const replays = replayedBefore(attempts);
  for (const [i, attempt] of attempts.entries()) {
    const failed = attempt.error !== null;
    if (replays[i]) {
      items.push(
        h(
          "li",
          { class: "event event-replayed" },
          h("strong", {}, "Replayed"),
          h("p", { class: "muted" }, "Back in the queue with a fresh retry budget."),
        ),
      );
    }
    items.push(
      h(
        "li",
        { class: `event event-${attempt.result}`, "data-attempt": i + 1 },
        h("strong", {}, `Attempt ${i + 1}`),
        " ",
        timeElement(attempt.started_at),
        h(
          "p",
          {},
          h("span", { class: `result result-${attempt.result}` }, RESULT_WORDS[attempt.result]),
          ` (the attempt took ${formatDuration(Date.parse(attempt.finished_at) - Date.parse(attempt.started_at))})`,
        ),
        failed
          ? h(
              "p",
              { class: "attempt-error" },
              attempt.close_status !== null
                ? h("span", { class: "badge status-dead" }, `Close ${attempt.close_status}`)
                : null,
              " ",
              h("code", {}, attempt.error?.code ?? ""),
              attempt.error?.message ? h("span", {}, ` ${attempt.error.message}`) : null,
            )
          : null,
      ),
    );
  }
  const last = attempts.at(-1);
  if (s.status === "dead" && last?.result !== "dead") {
    items.push(
      h(
        "li",
        { class: "event event-dead" },
        h("strong", {}, "Dead"),
        " ",
        timeElement(s.updated_at),
        s.last_error
          ? h("p", {}, h("code", {}, s.last_error.code), ` ${s.last_error.message ?? ""}`)
          : null,
      ),
    );
  } else if (s.status === "retrying") {
    items.push(
      h(
        "li",
        { class: "event event-waiting" },
        h("strong", {}, "Next attempt"),
        " ",
        timeElement(s.next_attempt_at),
      ),
    );
  } else if (s.status === "queued") {
    items.push(h("li", { class: "event event-waiting" }, h("strong", {}, "Waiting in the queue")));
  } else if (s.status === "delivering") {
    items.push(h("li", { class: "event event-waiting" }, h("strong", {}, "Being delivered now")));
  }
  return items;
}

function renderRequests(attempts: Attempt[]): Content {
  if (attempts.length === 0) return h("p", { class: "empty" }, "No attempt has run yet.");
  return attempts.map((attempt, i) =>
    h(
      "section",
      { class: "calls-of-attempt", "aria-label": `Close requests of attempt ${i + 1}` },
      h("h3", {}, `Attempt ${i + 1}: ${RESULT_WORDS[attempt.result]}`),
      attempt.requests.length === 0
        ? h("p", { class: "empty" }, "No request reached Close.")
        : h(
            "ol",
            { class: "calls" },
            attempt.requests.map((r) =>
              h(
                "li",
                {},
                h(
                  "span",
                  { class: "call" },
                  h("code", { class: "method" }, r.method),
                  h("span", { class: "mono path" }, r.path),
                  r.status === null
                    ? h("span", { class: "badge status-dead" }, "no answer")
                    : h(
                        "span",
                        { class: `badge ${r.status < 300 ? "status-delivered" : "status-dead"}` },
                        String(r.status),
                      ),
                ),
                r.ids.length > 0
                  ? h(
                      "span",
                      { class: "mono ids" },
                      r.ids.map((id) =>
                        id.startsWith("lead_")
                          ? h(
                              "a",
                              {
                                href: closeLeadUrl(id),
                                target: "_blank",
                                rel: "noopener noreferrer",
                              },
                              id,
                            )
                          : h("span", {}, id),
                      ),
                    )
                  : null,
              ),
            ),
          ),
    ),
  );
}

/** The page of one submission. */
export function createSubmissionPage(app: Console): Page {
  const e = app.elements;
  let id = "";
  let refresh: number | undefined;

  const stop = () => {
    clearTimeout(refresh);
    refresh = undefined;
  };

  const notice = (text: string | undefined) => {
    e.detailNotice.hidden = !text;
    e.detailNotice.textContent = text ?? "";
  };

  const load = async () => {
    stop();
    const visit = app.visit();
    await runLoad(app, async () => {
      const [s, attempts] = await Promise.all([
        callAdminApi<SubmissionDetail>(`/v1/admin/submissions/${encodeURIComponent(id)}`),
        callAdminApi<{ data: Attempt[] }>(
          `/v1/admin/submissions/${encodeURIComponent(id)}/attempts`,
        ),
      ]);
      if (visit !== app.visit()) return;
      render(s, attempts.data);
      if (MOVING.has(s.status)) refresh = setTimeout(() => void load(), REFRESH_MS);
    });
  };

  const render = (s: SubmissionDetail, attempts: Attempt[]) => {
    e.detailHeading.textContent = `Submission ${s.id}`;
    document.title = `${s.id} · close-bridge`;
    fill(
      e.detailSummary,
      [
        ["Status", statusBadge(s.status, s.outcome)],
        ["Source", s.source],
        ["Received", timeElement(s.received_at)],
        ["Attempts", `${s.attempts} of at most ${s.max_retries + 1}`],
        [
          "Contact in Close",
          s.contact_id && s.lead_id
            ? closeAnchor(closeContactUrl(s.lead_id, s.contact_id), s.contact_id, "contact")
            : (s.contact_id ?? "—"),
        ],
        [
          "Lead in Close",
          s.lead_id ? closeAnchor(closeLeadUrl(s.lead_id), s.lead_id, "lead") : "—",
        ],
        [
          "Last error",
          s.last_error ? [h("code", {}, s.last_error.code), ` ${s.last_error.message ?? ""}`] : "—",
        ],
      ].map(([term, detail]) =>
        h("div", {}, h("dt", {}, term as string), h("dd", {}, detail as Content)),
      ),
    );
    e.closeLink.hidden = !s.lead_id;
    if (s.lead_id) e.closeLink.href = closeLeadUrl(s.lead_id);
    const finished = s.status === "delivered" || s.status === "skipped";
    e.replay.hidden = s.draft === null || s.status === "delivering";
    e.replay.textContent = finished ? "Deliver again…" : "Replay now";
    e.replay.onclick = () => void replay(finished);
    e.previewReplay.hidden = s.draft === null;
    e.previewReplay.onclick = () => void previewReplay();
    e.erase.hidden = false;
    e.erase.onclick = () => void erase();
    fill(e.timeline, renderTimeline(s, attempts));
    fill(e.received, renderAnswers(s.received));
    fill(e.draft, renderDraft(s.draft));
    fill(e.closeRequests, renderRequests(attempts));
  };

  const replay = async (force: boolean) => {
    if (force && !confirm("This submission is in Close already. Deliver it again?")) return;
    await runLoad(app, async () => {
      const answer = await callAdminApi<{ status: string }>(
        `/v1/admin/submissions/${encodeURIComponent(id)}/replay${force ? "?force=1" : ""}`,
        { method: "POST" },
      );
      notice(`Replayed: the submission is ${answer.status} for delivery. This page follows it.`);
      await load();
    });
  };

  /** The replay's dry run: the stored draft beside the one a replay would deliver now. */
  const previewReplay = async () => {
    await runLoad(app, async () => {
      const preview = await callAdminApi<ReplayPreview>(
        `/v1/admin/submissions/${encodeURIComponent(id)}/replay?dry_run=1`,
        { method: "POST" },
      );
      const how = preview.remapped
        ? "Mapped anew with the current configuration."
        : `Not mapped anew: ${preview.reason ?? "what the sender sent is not kept"}.`;
      const findings = preview.findings.map((f) => `${f.field}: ${f.problem}`);
      e.replayChanges.textContent = [
        how,
        `Changed: ${preview.changes.join(", ") || "nothing"}.`,
        ...(findings.length > 0 ? [`Findings: ${findings.join("; ")}`] : []),
      ].join(" ");
      fill(e.oldDraft, renderDraft(preview.old_draft));
      fill(e.newDraft, renderDraft(preview.new_draft));
      e.replayPreview.hidden = false;
    });
  };

  const erase = async () => {
    const sure = confirm(
      "Erase this submission from the bridge's log? Its draft, what was received and its history go. Close is not touched: delete the contact in Close yourself if the request covers it.",
    );
    if (!sure) return;
    await runLoad(app, async () => {
      await callAdminApi(`/v1/admin/submissions/${encodeURIComponent(id)}`, { method: "DELETE" });
      stop();
      for (const section of [e.timeline, e.received, e.draft, e.closeRequests, e.detailSummary])
        fill(section);
      for (const control of [e.replay, e.previewReplay, e.erase, e.closeLink, e.replayPreview]) {
        control.hidden = true;
      }
      notice(
        "Erased from the bridge's log. Close is untouched: the contact and lead it made stay in Close.",
      );
    });
  };

  return {
    async open(url) {
      id = decodeURIComponent(url.pathname.split("/").at(-1) ?? "");
      notice(undefined);
      e.closeLink.hidden = true;
      e.replay.hidden = true;
      e.previewReplay.hidden = true;
      e.replayPreview.hidden = true;
      e.erase.hidden = true;
      for (const section of [e.timeline, e.received, e.draft, e.closeRequests, e.detailSummary])
        fill(section);
      e.detailHeading.textContent = `Submission ${id}`;
      await load();
    },
    close: stop,
  };
}

// The dashboard's one client entry: lists incidents and submissions through the admin API,
// shows one, previews its replay (the stored draft beside the new one), and replays one or every
// dead one. Bundled into client-bundle.ts by `npm run build:dashboard`.
import {
  callAdminApi,
  type ReplayPreview,
  readToken,
  type SubmissionPage,
  saveToken,
} from "./api.ts";
import { buildCell, type Elements, findElements } from "./dom.ts";
import { loadIncidents } from "./incidents.ts";

const PAGE_SIZE = "50";

/** Shows a problem (or clears it). */
function showError(elements: Elements, problem?: unknown): void {
  elements.error.textContent =
    problem === undefined ? "" : problem instanceof Error ? problem.message : String(problem);
}

/** Runs an action, showing what it throws. */
async function reportErrors(elements: Elements, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (problem) {
    showError(elements, problem);
  }
}

/** The dashboard's state and actions over its elements. */
function startDashboard(elements: Elements): void {
  let cursor: string | null = null;

  const filterQuery = (): URLSearchParams => {
    const query = new URLSearchParams();
    if (elements.status.value) query.set("status", elements.status.value);
    if (elements.source.value) query.set("source", elements.source.value);
    return query;
  };

  const loadSubmissions = async (more = false): Promise<void> => {
    showError(elements);
    if (!more) {
      cursor = null;
      elements.rows.replaceChildren();
    }
    const query = filterQuery();
    query.set("limit", PAGE_SIZE);
    if (cursor) query.set("cursor", cursor);
    await reportErrors(elements, async () => {
      // A fresh list comes with the incidents as they stand (a replay may have resolved one).
      const [page] = await Promise.all([
        callAdminApi<SubmissionPage>(`/v1/admin/submissions?${query}`),
        more ? undefined : loadIncidents(elements, (id) => void showSubmission(id)),
      ]);
      for (const submission of page.data) {
        const row = document.createElement("tr");
        row.dataset.id = submission.id;
        const status = buildCell(submission.status);
        status.className = submission.status;
        row.append(
          buildCell(submission.id),
          buildCell(submission.source),
          status,
          buildCell(submission.outcome),
          buildCell(String(submission.attempts)),
          buildCell(submission.received_at),
          buildCell(submission.last_error?.code),
        );
        row.onclick = () => void showSubmission(submission.id);
        elements.rows.append(row);
      }
      cursor = page.next_cursor;
      elements.more.hidden = !cursor;
    });
  };

  const replaySubmission = async (id: string, status: string): Promise<void> => {
    // A delivered or skipped submission is in Close already: replaying it needs a yes.
    const force = status === "delivered" || status === "skipped";
    if (force && !confirm("Deliver this submission again?")) return;
    await callAdminApi(`/v1/admin/submissions/${id}/replay${force ? "?force=1" : ""}`, {
      method: "POST",
    });
    await loadSubmissions();
  };

  const previewReplay = async (id: string): Promise<void> => {
    const preview = await callAdminApi<ReplayPreview>(
      `/v1/admin/submissions/${id}/replay?dry_run=1`,
      { method: "POST" },
    );
    elements.oldDraft.textContent = JSON.stringify(preview.old_draft, null, 2);
    elements.newDraft.textContent = JSON.stringify(preview.new_draft, null, 2);
    const how = preview.remapped
      ? "Mapped anew with the current configuration."
      : `Not mapped anew: ${preview.reason ?? "what the sender sent is not kept"}.`;
    const findings = preview.findings.map((finding) => `${finding.field}: ${finding.problem}`);
    elements.changes.textContent = [
      how,
      `Changed: ${preview.changes.join(", ") || "nothing"}.`,
      ...(findings.length > 0 ? [`Findings: ${findings.join("; ")}`] : []),
    ].join(" ");
    elements.drafts.hidden = false;
  };

  const showSubmission = async (id: string): Promise<void> => {
    showError(elements);
    elements.drafts.hidden = true;
    elements.changes.textContent = "";
    await reportErrors(elements, async () => {
      const submission = await callAdminApi<{ status: string }>(`/v1/admin/submissions/${id}`);
      elements.detail.textContent = JSON.stringify(submission, null, 2);
      elements.replay.hidden = false;
      elements.replay.onclick = () =>
        void reportErrors(elements, () => replaySubmission(id, submission.status));
      elements.previewReplay.hidden = false;
      elements.previewReplay.onclick = () => void reportErrors(elements, () => previewReplay(id));
    });
  };

  const replayDead = async (): Promise<void> => {
    const source = elements.source.value;
    if (!confirm(`Replay every dead submission${source ? ` of ${source}` : ""}?`)) return;
    await reportErrors(elements, async () => {
      const query = new URLSearchParams({ status: "dead" });
      if (source) query.set("source", source);
      const result = await callAdminApi<{ replayed: number }>(`/v1/admin/replay?${query}`, {
        method: "POST",
      });
      await loadSubmissions();
      // After the reload, which clears the message line, unless the reload failed.
      if (!elements.error.textContent) showError(elements, `Replayed ${result.replayed}`);
    });
  };

  elements.token.value = readToken();
  elements.token.onchange = () => saveToken(elements.token.value);
  elements.filter.onclick = () => void loadSubmissions();
  elements.more.onclick = () => void loadSubmissions(true);
  elements.replayDead.onclick = () => void replayDead();
  if (readToken()) void loadSubmissions();
}

startDashboard(findElements());

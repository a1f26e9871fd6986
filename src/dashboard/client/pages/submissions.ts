// The Submissions page: the log filtered by status, source, time range, error code and the
// person's email, page by page, with live refresh. The filters live in the page's address, but
// the email never does: it is kept in the tab's history state and sent in a POST body only.
import { submissionPath } from "../../pages.ts";
import { callAdminApi, type SubmissionPage } from "../api.ts";
import { type Console, type Page, runLoad } from "../context.ts";
import { fill, h } from "../dom.ts";
import { plural, statusBadge, timeElement } from "../format.ts";

const PAGE_SIZE = 25;
const LIVE_EVERY_MS = 5_000;
/** The filters kept in the address, by their query names (the admin API's too). */
const URL_FILTERS = ["status", "source", "since", "until", "error"] as const;

/** The history state this page keeps: the email filter and the pages' cursors. */
type ListState = { email?: string; cursors?: string[] };

/** A `datetime-local` value (the browser's zone) as an ISO time, and back. */
function toIso(local: string): string {
  return local ? new Date(local).toISOString() : "";
}
function toLocal(iso: string | null): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return "";
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The Submissions page. */
export function createSubmissionsPage(app: Console): Page {
  const e = app.elements;
  let url = new URL("/admin/submissions", location.origin);
  let state: ListState = {};
  let live: number | undefined;

  const sourceOptions = async () => {
    const sources = await app.sources();
    const chosen = url.searchParams.get("source") ?? "";
    const names = sources.map((s) => s.name);
    if (chosen && !names.includes(chosen)) names.push(chosen);
    fill(
      e.filterSource,
      h("option", { value: "" }, "any source"),
      names.map((name) => h("option", { value: name, selected: name === chosen }, name)),
    );
  };

  const showFilters = () => {
    e.filterStatus.value = url.searchParams.get("status") ?? "";
    e.filterSince.value = toLocal(url.searchParams.get("since"));
    e.filterUntil.value = toLocal(url.searchParams.get("until"));
    e.filterError.value = url.searchParams.get("error") ?? "";
    e.filterEmail.value = state.email ?? "";
  };

  const load = async (quiet = false) => {
    const visit = app.visit();
    const cursors = state.cursors ?? [];
    const query = new URLSearchParams();
    for (const name of URL_FILTERS) {
      const value = url.searchParams.get(name);
      if (value) query.set(name, value);
    }
    query.set("limit", String(PAGE_SIZE));
    const cursor = cursors.at(-1);
    if (cursor) query.set("cursor", cursor);
    if (!quiet) e.listUpdated.textContent = "Loading…";
    await runLoad(app, async () => {
      const page = state.email
        ? await callAdminApi<SubmissionPage>(`/v1/admin/search?${query}`, {
            method: "POST",
            contentType: "application/json",
            body: JSON.stringify({ email: state.email }),
          })
        : await callAdminApi<SubmissionPage>(`/v1/admin/submissions?${query}`);
      if (visit !== app.visit()) return;
      fill(
        e.listRows,
        page.data.length === 0
          ? h(
              "tr",
              {},
              h("td", { colspan: 6, class: "empty" }, "No submission matches these filters."),
            )
          : page.data.map((s) =>
              h(
                "tr",
                { "data-id": s.id },
                h("td", { class: "received-cell" }, timeElement(s.received_at)),
                h(
                  "td",
                  { class: "id-cell" },
                  h("a", { href: submissionPath(s.id), "data-nav": "", class: "mono" }, s.id),
                ),
                h("td", { "data-label": "Source" }, s.source),
                h("td", { class: "status-cell" }, statusBadge(s.status, s.outcome)),
                h("td", { class: "num", "data-label": "Attempts" }, String(s.attempts)),
                h(
                  "td",
                  { class: "error-cell", "data-label": s.last_error ? "Last error" : undefined },
                  s.last_error
                    ? [
                        h("code", {}, s.last_error.code),
                        s.last_error.message
                          ? h("span", { class: "muted" }, ` ${s.last_error.message}`)
                          : null,
                      ]
                    : "",
                ),
              ),
            ),
      );
      e.pageNewer.disabled = cursors.length === 0;
      e.pageOlder.disabled = page.next_cursor === null;
      e.pageOlder.dataset.cursor = page.next_cursor ?? "";
      e.pageLabel.textContent = `Page ${cursors.length + 1} · ${plural(page.data.length, "submission")}`;
      e.listUpdated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    });
  };

  const go = (next: URL, nextState: ListState, replace = false) =>
    app.navigate(`${next.pathname}${next.search}`, { replace, state: nextState });

  e.filterForm.onsubmit = (event) => {
    event.preventDefault();
    const next = new URL("/admin/submissions", location.origin);
    const values: Record<(typeof URL_FILTERS)[number], string> = {
      status: e.filterStatus.value,
      source: e.filterSource.value,
      since: toIso(e.filterSince.value),
      until: toIso(e.filterUntil.value),
      error: e.filterError.value.trim(),
    };
    for (const name of URL_FILTERS) if (values[name]) next.searchParams.set(name, values[name]);
    const email = e.filterEmail.value.trim();
    go(next, email ? { email } : {});
  };
  e.filterClear.onclick = () => go(new URL("/admin/submissions", location.origin), {});
  e.pageOlder.onclick = () => {
    const cursor = e.pageOlder.dataset.cursor;
    if (cursor) go(url, { ...state, cursors: [...(state.cursors ?? []), cursor] });
  };
  e.pageNewer.onclick = () => go(url, { ...state, cursors: (state.cursors ?? []).slice(0, -1) });

  const stopLive = () => {
    clearInterval(live);
    live = undefined;
  };
  e.liveRefresh.onchange = () => {
    stopLive();
    if (e.liveRefresh.checked) {
      live = setInterval(() => void load(true), LIVE_EVERY_MS);
      void load(true);
    }
  };

  return {
    async open(next, historyState) {
      url = next;
      state = (historyState ?? {}) as ListState;
      showFilters();
      e.liveRefresh.dispatchEvent(new Event("change"));
      await Promise.all([runLoad(app, sourceOptions), load()]);
    },
    close: stopLive,
  };
}

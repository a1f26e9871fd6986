// The Sources page: every configured source with its preset, auth, whether its secret is set,
// its endpoint (with a copy button) and when it last received; and the Try it panel, which
// previews a pasted or example payload through the admin API.
import { callAdminApi, type PreviewAnswer, type SourceInfo } from "../api.ts";
import { type Console, type Page, runLoad } from "../context.ts";
import { type Content, fill, h } from "../dom.ts";
import { formatAgo, statusBadge } from "../format.ts";
import { renderAnswers, renderDraft } from "../views.ts";

/** The endpoint as the sender is given it: a token in the URL is named, never shown. */
function endpointOf(source: SourceInfo): string {
  return source.auth?.in_query && source.auth.secret
    ? `${source.endpoint}?token=<${source.auth.secret}>`
    : source.endpoint;
}

/** Copies text, through the Clipboard API or, where it is missing, the field's selection. */
async function copyText(text: string, field: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    field.select();
    document.execCommand("copy");
  }
}

function describeAuth(source: SourceInfo): Content {
  const { auth } = source;
  if (!auth) return "unknown: its table is not valid";
  if (auth.type === "none") {
    const origins = source.allowed_origins ?? [];
    const guards = [
      origins.length > 0 ? `origins ${origins.join(", ")}` : null,
      source.honeypot ? `honeypot "${source.honeypot}"` : null,
      source.turnstile ? "Turnstile" : null,
    ].filter((guard) => guard !== null);
    return `Public (no credential)${guards.length > 0 ? `, guarded by ${guards.join(", ")}` : ""}`;
  }
  const how =
    auth.type === "token"
      ? auth.in_query
        ? "Token in the URL"
        : "Bearer token"
      : auth.type === "basic"
        ? "Basic auth"
        : `Signed (${auth.type})`;
  return [
    `${how} · secret `,
    h("code", {}, auth.secret ?? ""),
    " ",
    auth.secret_set
      ? h("span", { class: "badge status-delivered" }, "set")
      : h("span", { class: "badge status-dead" }, "missing"),
  ];
}

function renderPreview(answer: PreviewAnswer): Content {
  const requests = answer.close_requests ?? [];
  return [
    h(
      "p",
      { class: "preview-status" },
      "Outcome: ",
      statusBadge(answer.status === "mapped" ? "mapped" : answer.status),
      answer.reason ? ` ${answer.reason}` : "",
      answer.event ? ` (event ${answer.event})` : "",
    ),
    answer.record
      ? [
          h("h3", {}, "Received"),
          renderAnswers({ answers: answer.record.answers, truncated: false }),
        ]
      : null,
    answer.draft ? [h("h3", {}, "Draft"), renderDraft(answer.draft)] : null,
    answer.close_requests
      ? [
          h("h3", {}, "Close requests"),
          h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              { class: "requests" },
              h(
                "thead",
                {},
                h(
                  "tr",
                  {},
                  ["Method", "Path", "", "Body"].map((c) => h("th", { scope: "col" }, c)),
                ),
              ),
              h(
                "tbody",
                {},
                requests.map((r) =>
                  h(
                    "tr",
                    {},
                    h("td", {}, h("code", {}, r.method)),
                    h("td", { class: "mono path" }, r.path),
                    h(
                      "td",
                      {},
                      r.sent
                        ? h("span", { class: "badge status-retrying" }, "sent (read)")
                        : h("span", { class: "badge status-queued" }, "would write"),
                    ),
                    h(
                      "td",
                      {},
                      r.body === undefined
                        ? ""
                        : h(
                            "details",
                            {},
                            h("summary", {}, "body"),
                            h("pre", {}, JSON.stringify(r.body, null, 2)),
                          ),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ]
      : h("p", { class: "muted" }, "Close was not asked."),
  ];
}

/** A time as "2 minutes ago", with the exact time on hover; "never" without one. */
function agoElement(at: string | null): Content {
  return at ? h("time", { datetime: at, title: at }, formatAgo(at)) : "never";
}

const POST_RESULTS: Record<NonNullable<SourceInfo["last_post"]>["result"], string> = {
  recorded: "recorded",
  ignored: "ignored (an event the source does not turn into contacts)",
  spam: "spam (the honeypot was filled)",
  refused: "refused",
};

/** When the last post came and what became of it: "2 minutes ago, refused (unmappable, 422)". */
function describeLastPost(post: SourceInfo["last_post"]): Content {
  if (!post) return "never";
  const why = [post.code, post.status === null ? null : String(post.status)].filter(Boolean);
  return [
    agoElement(post.at),
    ", ",
    h(
      "span",
      { class: `post-result result-${post.result}` },
      POST_RESULTS[post.result],
      why.length > 0 ? ` (${why.join(", ")})` : "",
    ),
  ];
}

/** The Sources page. */
export function createSourcesPage(app: Console): Page {
  const e = app.elements;
  let sources: SourceInfo[] = [];

  const loadExample = () => {
    const source = sources.find((s) => s.name === e.trySource.value);
    if (!source?.example) return;
    e.tryContentType.value = source.example.content_type;
    e.tryBody.value = source.example.body;
  };

  const tryWith = (name: string) => {
    e.trySource.value = name;
    loadExample();
    e.tryForm.scrollIntoView({ block: "start" });
    e.tryBody.focus();
  };

  const render = () => {
    fill(
      e.sourcesList,
      sources.map((source) => {
        const field = h("input", {
          class: "mono",
          readonly: true,
          value: endpointOf(source),
          id: `endpoint-${source.name}`,
          "aria-label": `Endpoint of ${source.name}`,
        });
        const copy = h(
          "button",
          { type: "button", class: "quiet", "aria-label": `Copy the endpoint of ${source.name}` },
          "Copy",
        );
        const copied = h("span", { class: "muted", role: "status" });
        copy.onclick = () =>
          void copyText(endpointOf(source), field).then(() => {
            copied.textContent = "Copied";
            setTimeout(() => {
              copied.textContent = "";
            }, 2000);
          });
        const tryButton = h(
          "button",
          { type: "button", class: "quiet", disabled: !source.example },
          "Try it",
        );
        tryButton.onclick = () => tryWith(source.name);
        return h(
          "article",
          {
            class: "panel source",
            "data-source": source.name,
            "aria-labelledby": `source-${source.name}`,
          },
          h(
            "header",
            {},
            h("h2", { id: `source-${source.name}` }, source.name),
            h(
              "span",
              { class: "badges" },
              source.status === "broken"
                ? h("span", { class: "badge status-dead" }, "broken")
                : h("span", { class: "badge status-delivered" }, "working"),
              source.preset ? h("span", { class: "badge" }, `preset ${source.preset}`) : null,
              source.mode ? h("span", { class: "badge" }, `${source.mode} mode`) : null,
            ),
          ),
          h(
            "dl",
            { class: "pairs" },
            h("dt", {}, "Auth"),
            h("dd", { class: "auth" }, describeAuth(source)),
            h("dt", {}, "Endpoint"),
            h("dd", { class: "endpoint" }, field, copy, copied),
            source.problems.length > 0
              ? [
                  h("dt", {}, "Problems"),
                  h(
                    "dd",
                    { class: "problems" },
                    h(
                      "ul",
                      { class: "plain" },
                      source.problems.map((p) =>
                        h("li", {}, h("code", {}, p.field), ` ${p.problem}`),
                      ),
                    ),
                  ),
                ]
              : null,
            h("dt", {}, "Last post"),
            h("dd", { class: "last-post" }, describeLastPost(source.last_post)),
            h("dt", {}, "Last recorded"),
            h("dd", { class: "last-received" }, agoElement(source.last_received_at)),
          ),
          h(
            "p",
            { class: "source-actions" },
            tryButton,
            h(
              "a",
              {
                href: `/admin/submissions?source=${encodeURIComponent(source.name)}`,
                "data-nav": "",
                class: "button quiet",
              },
              "Submissions",
            ),
          ),
        );
      }),
    );
    const chosen = e.trySource.value;
    const tryable = sources.filter((s) => s.example);
    fill(
      e.trySource,
      tryable.map((s) => h("option", { value: s.name }, `${s.name} (${s.preset})`)),
    );
    if (tryable.some((s) => s.name === chosen)) e.trySource.value = chosen;
    if (!e.tryBody.value) loadExample();
  };

  e.trySource.onchange = loadExample;
  e.tryExample.onclick = loadExample;
  e.tryForm.onsubmit = (event) => {
    event.preventDefault();
    fill(e.tryResult, h("p", { class: "muted" }, "Previewing…"));
    void runLoad(app, async () => {
      try {
        const answer = await callAdminApi<PreviewAnswer>(
          `/v1/admin/sources/${encodeURIComponent(e.trySource.value)}/preview${e.tryClose.checked ? "" : "?close=0"}`,
          { method: "POST", contentType: e.tryContentType.value, body: e.tryBody.value },
        );
        fill(e.tryResult, renderPreview(answer));
      } catch (problem) {
        // The preview's refusal (a 422 saying why) is its answer: shown here, not as a failure of the page.
        fill(
          e.tryResult,
          h(
            "p",
            { class: "notice bad" },
            problem instanceof Error ? problem.message : String(problem),
          ),
        );
        if ((problem as { status?: number }).status === 401) throw problem;
      }
    });
  };

  return {
    async open() {
      const visit = app.visit();
      await runLoad(app, async () => {
        const fresh = await callAdminApi<{ data: SourceInfo[] }>("/v1/admin/sources");
        if (visit !== app.visit()) return;
        sources = fresh.data;
        render();
      });
    },
  };
}

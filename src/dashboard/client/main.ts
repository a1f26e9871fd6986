// The console's one client entry: signs in with the admin token (kept in this tab's
// sessionStorage), moves between the pages without reloading (the address always names the
// page, so reload and back work), and opens each page. Bundled into client-bundle.ts by
// `npm run build:dashboard`.
import { findPage, PAGE_TITLES, type PageName } from "../pages.ts";
import { AdminApiError, callAdminApi, forgetToken, readToken, saveToken } from "./api.ts";
import { type Console, cacheSources, type Page } from "./context.ts";
import { findElements } from "./dom.ts";
import { createDeadLettersPage } from "./pages/dead-letters.ts";
import { createOverviewPage } from "./pages/overview.ts";
import { createSourcesPage } from "./pages/sources.ts";
import { createSubmissionPage } from "./pages/submission.ts";
import { createSubmissionsPage } from "./pages/submissions.ts";

function startConsole(): void {
  const elements = findElements();
  const sources = cacheSources();
  let visit = 0;
  let openPage: Page | undefined;

  const report = (problem?: unknown) => {
    const text =
      problem === undefined ? "" : problem instanceof Error ? problem.message : String(problem);
    elements.message.textContent = text;
    elements.message.hidden = text === "";
  };

  const showSignIn = (reason?: string) => {
    openPage?.close?.();
    openPage = undefined;
    elements.app.hidden = true;
    elements.signOut.hidden = true;
    elements.signIn.hidden = false;
    report(reason);
    elements.token.focus();
  };

  const app: Console = {
    elements,
    report,
    visit: () => visit,
    sources: () => sources.read(),
    navigate(url, options = {}) {
      if (options.replace) history.replaceState(options.state ?? null, "", url);
      else history.pushState(options.state ?? null, "", url);
      void show(true);
    },
    signOut(reason) {
      forgetToken();
      sources.forget();
      showSignIn(reason);
    },
  };

  const pages: Record<PageName, Page> = {
    overview: createOverviewPage(app),
    submissions: createSubmissionsPage(app),
    submission: createSubmissionPage(app),
    sources: createSourcesPage(app),
    deadLetters: createDeadLettersPage(app),
  };

  /** Shows the page the address names and opens it (`moved`: focus its heading for readers). */
  const show = async (moved: boolean) => {
    if (!readToken()) {
      showSignIn();
      return;
    }
    const url = new URL(location.href);
    const found = findPage(url.pathname) ?? { page: "overview" as const };
    visit += 1;
    openPage?.close?.();
    report();
    elements.signIn.hidden = true;
    elements.app.hidden = false;
    elements.signOut.hidden = false;
    for (const section of elements.app.querySelectorAll<HTMLElement>("section[data-page]")) {
      section.hidden = section.dataset.page !== found.page;
    }
    const current = found.page === "submission" ? "submissions" : found.page;
    for (const link of document.querySelectorAll<HTMLAnchorElement>("a[data-page-link]")) {
      if (link.dataset.pageLink === current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    document.title = `${PAGE_TITLES[found.page]} · close-bridge`;
    if (moved) {
      scrollTo(0, 0);
      elements.app.querySelector<HTMLElement>(`section[data-page="${found.page}"] h1`)?.focus();
    }
    openPage = pages[found.page];
    await openPage.open(url, history.state);
  };

  // Links marked data-nav move within the console; a modified click opens a tab as usual.
  document.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.("a[data-nav]");
    if (!(link instanceof HTMLAnchorElement) || event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    const target = new URL(link.href);
    if (target.origin !== location.origin || !findPage(target.pathname)) return;
    event.preventDefault();
    app.navigate(`${target.pathname}${target.search}`);
  });
  addEventListener("popstate", () => void show(true));

  elements.signInForm.onsubmit = async (event) => {
    event.preventDefault();
    const token = elements.token.value.trim();
    if (!token) return;
    saveToken(token);
    try {
      // A cheap call that needs the token: a wrong one is said here, not on every page.
      await callAdminApi("/v1/admin/sources");
    } catch (problem) {
      if (problem instanceof AdminApiError && problem.status === 401) {
        app.signOut("That admin token was refused.");
        return;
      }
    }
    elements.token.value = "";
    await show(true);
  };
  elements.signOut.onclick = () => app.signOut("Signed out. The token is forgotten in this tab.");

  void show(false);
}

startConsole();

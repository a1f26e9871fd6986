// What every page of the console shares: its elements, the message line, moving to another
// page, knowing whether a load is still wanted, and the configured sources (read once).
import { AdminApiError, callAdminApi, type SourceInfo } from "./api.ts";
import type { Elements } from "./dom.ts";

/** The console as a page sees it. */
export type Console = {
  elements: Elements;
  /** Shows what went wrong (an API error says its code), or clears the line. */
  report(problem?: unknown): void;
  /** Moves to another page of the console (a path under /admin with its query). */
  navigate(url: string, options?: { replace?: boolean; state?: unknown }): void;
  /** The number of the current visit: a load started for another one drops its answer. */
  visit(): number;
  /** The configured sources (asked once per sign-in). */
  sources(): Promise<SourceInfo[]>;
  /** Called when the admin API refused the token: back to the sign-in form. */
  signOut(reason: string): void;
};

/** A page: `open` shows it for a URL (and loads its data); `close` stops what it runs. */
export type Page = { open(url: URL, state: unknown): Promise<void>; close?(): void };

/** Runs a page's load, reporting what it throws (and signing out on a refused token). */
export async function runLoad(app: Console, load: () => Promise<void>): Promise<void> {
  try {
    await load();
  } catch (problem) {
    if (problem instanceof AdminApiError && problem.status === 401) {
      app.signOut("The admin token was refused: sign in again.");
      return;
    }
    app.report(problem);
  }
}

/** The sources, read once and kept until sign-out. */
export function cacheSources(): { read(): Promise<SourceInfo[]>; forget(): void } {
  let sources: Promise<SourceInfo[]> | undefined;
  return {
    read() {
      sources ??= callAdminApi<{ data: SourceInfo[] }>("/v1/admin/sources").then((a) => a.data);
      sources.catch(() => {
        sources = undefined;
      });
      return sources;
    },
    forget() {
      sources = undefined;
    },
  };
}

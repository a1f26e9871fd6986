// The console's pages and their addresses under /admin: the server renders the page a path
// names, and the client script (client/) moves between them without reloading, so both read
// this one list.

/** Each page of the console. */
export type PageName = "overview" | "submissions" | "submission" | "sources" | "deadLetters";

/** The pages in the navigation, in order, with their paths and titles. */
export const NAVIGATION: readonly { page: PageName; path: string; title: string }[] = [
  { page: "overview", path: "/admin", title: "Overview" },
  { page: "submissions", path: "/admin/submissions", title: "Submissions" },
  { page: "sources", path: "/admin/sources", title: "Sources" },
  { page: "deadLetters", path: "/admin/dead-letters", title: "Dead letters" },
];

/** The title of each page, as the tab and the page's heading show it. */
export const PAGE_TITLES: Record<PageName, string> = {
  overview: "Overview",
  submissions: "Submissions",
  submission: "Submission",
  sources: "Sources",
  deadLetters: "Dead letters",
};

/** The path of one submission's page. */
export function submissionPath(id: string): string {
  return `/admin/submissions/${encodeURIComponent(id)}`;
}

/** The page a path of the console names (and the submission id, for one submission); undefined when none. */
export function findPage(pathname: string): { page: PageName; id?: string } | undefined {
  const path = pathname.replace(/\/+$/, "") || "/";
  const entry = NAVIGATION.find((item) => item.path === path);
  if (entry) return { page: entry.page };
  const one = /^\/admin\/submissions\/(sub_[0-9A-Za-z]+)$/.exec(path);
  return one?.[1] ? { page: "submission", id: one[1] } : undefined;
}

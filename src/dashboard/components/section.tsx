// One page of the console: a section shown when its path is the address, hidden otherwise.
import type { Child } from "hono/jsx";
import { PAGE_TITLES, type PageName } from "../pages.ts";

/** A page's section with its heading (focused when the page opens). */
export function PageSection({
  page,
  active,
  children,
  headingId,
}: {
  page: PageName;
  active: PageName;
  children?: Child;
  headingId?: string;
}) {
  const id = headingId ?? `heading-${page}`;
  return (
    <section data-page={page} aria-labelledby={id} hidden={page !== active}>
      <h1 id={id} tabindex={-1}>
        {PAGE_TITLES[page]}
      </h1>
      {children}
    </section>
  );
}

// The console's markup: the top bar, the sign-in form and every page's section, holding no data
// (the client script fills it through the admin API). `npm run build:dashboard` renders it into
// the client script, which puts it on the page; the Worker answers only the document around it
// (shell.ts).
import { DeadLetters } from "./components/dead-letters.tsx";
import { MessageLine, SignIn, TopBar } from "./components/frame.tsx";
import { Overview } from "./components/overview.tsx";
import { Sources } from "./components/sources.tsx";
import { SubmissionPage } from "./components/submission.tsx";
import { Submissions } from "./components/submissions.tsx";
import { ELEMENT } from "./elements.ts";
import type { PageName } from "./pages.ts";

/** The body of the console with `active` shown. */
export function ConsoleBody({ active }: { active: PageName }) {
  return (
    <>
      <TopBar active={active} />
      <main id="main">
        <MessageLine />
        <SignIn />
        <div id={ELEMENT.app} hidden>
          <Overview active={active} />
          <Submissions active={active} />
          <SubmissionPage active={active} />
          <Sources active={active} />
          <DeadLetters active={active} />
        </div>
      </main>
    </>
  );
}

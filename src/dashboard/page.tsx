// The console's page: server-rendered markup holding no data (the client script fills it
// through the admin API), its stylesheet and its one client script, both inline under the
// request's CSP nonce. Every path of the console renders it, with the path's page shown.
import { DASHBOARD_SCRIPT } from "./client-bundle.ts";
import { DeadLetters } from "./components/dead-letters.tsx";
import { MessageLine, SignIn, TopBar } from "./components/frame.tsx";
import { Overview } from "./components/overview.tsx";
import { Sources } from "./components/sources.tsx";
import { SubmissionPage } from "./components/submission.tsx";
import { Submissions } from "./components/submissions.tsx";
import { ELEMENT } from "./elements.ts";
import { PAGE_TITLES, type PageName } from "./pages.ts";
import { DASHBOARD_STYLE } from "./style.ts";

/** The whole page with `active` shown; `nonce` is the one the Content-Security-Policy allows. */
export function DashboardPage({ nonce, active }: { nonce: string; active: PageName }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${PAGE_TITLES[active]} · close-bridge`}</title>
        <style nonce={nonce} dangerouslySetInnerHTML={{ __html: DASHBOARD_STYLE }} />
      </head>
      <body>
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
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: DASHBOARD_SCRIPT }} />
      </body>
    </html>
  );
}

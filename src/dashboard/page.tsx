// The console's page: markup holding no data (the client script fills it through the admin
// API), its stylesheet and its one client script, both static assets loaded under the answer's
// CSP nonce. `npm run build:dashboard` renders it for each page (console-pages.ts).
import { DeadLetters } from "./components/dead-letters.tsx";
import { MessageLine, SignIn, TopBar } from "./components/frame.tsx";
import { Overview } from "./components/overview.tsx";
import { Sources } from "./components/sources.tsx";
import { SubmissionPage } from "./components/submission.tsx";
import { Submissions } from "./components/submissions.tsx";
import { ELEMENT } from "./elements.ts";
import { PAGE_TITLES, type PageName } from "./pages.ts";

/** Where the console's static assets are (their paths carry a version of their content). */
export type ConsoleAssets = { script: string; style: string };

/** The whole page with `active` shown; `nonce` is the one the Content-Security-Policy allows. */
export function DashboardPage({
  nonce,
  active,
  assets,
}: {
  nonce: string;
  active: PageName;
  assets: ConsoleAssets;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${PAGE_TITLES[active]} · close-bridge`}</title>
        <link rel="stylesheet" nonce={nonce} href={assets.style} />
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
        <script nonce={nonce} src={assets.script} />
      </body>
    </html>
  );
}

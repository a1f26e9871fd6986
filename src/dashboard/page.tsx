// The dashboard page: server-rendered markup holding no data, its stylesheet and its one client
// script, both inline under the request's CSP nonce.
import { DASHBOARD_SCRIPT } from "./client-bundle.ts";
import { IncidentList } from "./components/incident-list.tsx";
import { SubmissionDetail } from "./components/submission-detail.tsx";
import { SubmissionList } from "./components/submission-list.tsx";
import { Toolbar } from "./components/toolbar.tsx";
import { ELEMENT } from "./elements.ts";
import { DASHBOARD_STYLE } from "./style.ts";

/** The whole page; `nonce` is the one the Content-Security-Policy allows. */
export function DashboardPage({ nonce }: { nonce: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>close-bridge</title>
        <style nonce={nonce} dangerouslySetInnerHTML={{ __html: DASHBOARD_STYLE }} />
      </head>
      <body>
        <Toolbar />
        <main>
          <p id={ELEMENT.error} role="alert" />
          <IncidentList />
          <SubmissionList />
          <SubmissionDetail />
        </main>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: DASHBOARD_SCRIPT }} />
      </body>
    </html>
  );
}

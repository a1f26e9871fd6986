// The Overview page: the open incidents with their fix, counts for the last 24 hours or 7 days,
// the outcome and delay charts, the sources' counts and the failure reasons. The client fills it
// from GET /v1/admin/incidents and GET /v1/admin/stats.
import { ELEMENT } from "../elements.ts";
import type { PageName } from "../pages.ts";
import { PageSection } from "./section.tsx";

/** The Overview page's markup. */
export function Overview({ active }: { active: PageName }) {
  return (
    <PageSection page="overview" active={active}>
      <section class="panel" aria-labelledby="incidents-heading">
        <h2 id="incidents-heading">Incidents</h2>
        <p class="muted">
          What needs you now (Close refusing the key or a field, dead submissions, a backlog,
          failing signatures, the configuration), with the fix; then the last ones resolved.
        </p>
        <ul id={ELEMENT.overviewIncidents} class="incidents" />
      </section>
      <div class="toolbar">
        <fieldset class="segmented">
          <legend class="visually-hidden">Period</legend>
          <input type="radio" name="window" id={ELEMENT.window24h} value="24h" checked />
          <label for={ELEMENT.window24h}>Last 24 hours</label>
          <input type="radio" name="window" id={ELEMENT.window7d} value="7d" />
          <label for={ELEMENT.window7d}>Last 7 days</label>
        </fieldset>
        <p id={ELEMENT.overviewRange} class="muted" />
      </div>
      <ul id={ELEMENT.overviewCards} class="cards" aria-label="Counts" />
      <div class="grid-2">
        <figure class="panel">
          <figcaption>
            <h2>Submissions by outcome</h2>
          </figcaption>
          <div id={ELEMENT.outcomeChart} class="chart" />
        </figure>
        <figure class="panel">
          <figcaption>
            <h2>Delivery delay</h2>
            <p class="muted">From receipt to delivery in Close: median (p50) and p95.</p>
          </figcaption>
          <div id={ELEMENT.delayChart} class="chart" />
        </figure>
      </div>
      <div class="grid-2">
        <section class="panel" aria-labelledby="reasons-heading">
          <h2 id="reasons-heading">Top failure reasons</h2>
          <p class="muted">
            The errors deliveries met in this period, by the submissions they hit, and what became
            of those.
          </p>
          <ol id={ELEMENT.overviewReasons} class="reasons" />
        </section>
        <section class="panel" aria-labelledby="by-source-heading">
          <h2 id="by-source-heading">By source</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col" class="num">
                    Received
                  </th>
                  <th scope="col" class="num">
                    Delivered
                  </th>
                  <th scope="col" class="num">
                    In progress
                  </th>
                  <th scope="col" class="num">
                    Dead
                  </th>
                  <th scope="col" class="num">
                    Not recorded
                  </th>
                </tr>
              </thead>
              <tbody id={ELEMENT.overviewSources} />
            </table>
          </div>
        </section>
      </div>
      <section class="panel" aria-labelledby="unrecorded-heading">
        <h2 id="unrecorded-heading">Answered without a record</h2>
        <p class="muted">
          Posts from authenticated senders that did not become a submission: ignored events,
          honeypot hits and refusals. Posts that failed a source's authentication are not counted.
        </p>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Outcome</th>
                <th scope="col" class="num">
                  Status
                </th>
                <th scope="col" class="num">
                  Posts
                </th>
              </tr>
            </thead>
            <tbody id={ELEMENT.overviewUnrecorded} />
          </table>
        </div>
      </section>
    </PageSection>
  );
}

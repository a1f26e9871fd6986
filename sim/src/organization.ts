// The Organization Durable Object: the one place the simulator's state lives (SQLite), so
// that concurrent requests see one consistent store. Routes are plain synchronous SQL
// between awaits, so each request's reads and writes are never interleaved with another's.
import { DurableObject } from "cloudflare:workers";
import type { Hono } from "hono";
import { buildSimulatorApp } from "./app.ts";
import type { AppEnv, SimulatorDeps } from "./app-env.ts";
import { systemClock } from "./clock.ts";
import { readSimulatorConfig } from "./config.ts";
import { ORGANIZATION_ID } from "./ids.ts";
import { RateLimiter } from "./rate-limit.ts";
import type { LeadStatus } from "./records/types.ts";
import { AlertStore } from "./store/alerts.ts";
import type { ObjectChange } from "./store/changes.ts";
import { ContactStore } from "./store/contacts.ts";
import { FaultStore } from "./store/faults.ts";
import { LeadStore } from "./store/leads.ts";
import { NoteStore } from "./store/notes.ts";
import { ObjectStore } from "./store/objects.ts";
import { RequestLog } from "./store/request-log.ts";
import {
  clearAllTables,
  createSchema,
  DATABASE_TABLES,
  OBJECT_TABLE_NAMES,
} from "./store/schema.ts";
import { SearchIndex } from "./store/search-index.ts";
import { SettingsStore } from "./store/settings.ts";
import { UnsubscribeStore } from "./store/unsubscribes.ts";
import { listMembers } from "./users.ts";

/** The simulated Close organization. */
export class Organization extends DurableObject<Env> {
  readonly #app: Hono<AppEnv>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    createSchema(sql);
    const rateLimiter = new RateLimiter();
    const settings = new SettingsStore(sql);
    const faults = new FaultStore(settings);
    const searchIndex = new SearchIndex(sql, {
      readLagMs: () => faults.read().search_lag_ms,
      now: systemClock,
    });
    searchIndex.fillFromDatabase();
    // Every database write of a lead or contact is passed on to the search index.
    const record = (change: ObjectChange) => searchIndex.record(change);
    const config = readSimulatorConfig(env);
    const leadStatuses = new ObjectStore<LeadStatus>(sql, OBJECT_TABLE_NAMES.leadStatuses);
    // The organization's statuses start as configured, and again after every reset.
    const seedLeadStatuses = () => {
      if (leadStatuses.listAll().length > 0) return;
      for (const { id, label } of config.LEAD_STATUSES) {
        leadStatuses.insert({ id, label, organization_id: ORGANIZATION_ID }, null);
      }
    };
    seedLeadStatuses();
    const deps: SimulatorDeps = {
      config,
      contacts: new ContactStore(sql, DATABASE_TABLES, record),
      leads: new LeadStore(sql, DATABASE_TABLES, record),
      notes: new NoteStore(sql),
      leadStatuses,
      tasks: new ObjectStore(sql, OBJECT_TABLE_NAMES.tasks),
      customActivities: new ObjectStore(sql, OBJECT_TABLE_NAMES.customActivities),
      opportunities: new ObjectStore(sql, OBJECT_TABLE_NAMES.opportunities),
      unsubscribes: new UnsubscribeStore(sql),
      members: listMembers(config.USERS),
      requestLog: new RequestLog(sql),
      faults,
      searchIndex,
      rateLimiter,
      alerts: new AlertStore(sql, settings),
      transact: (work) => ctx.storage.transactionSync(work),
      resetAll: () => {
        ctx.storage.transactionSync(() => {
          clearAllTables(sql);
          seedLeadStatuses();
        });
        rateLimiter.clear();
      },
    };
    this.#app = buildSimulatorApp(deps);
  }

  /** Answers a request forwarded by the Worker. */
  override fetch(request: Request): Promise<Response> {
    return Promise.resolve(this.#app.fetch(request));
  }
}

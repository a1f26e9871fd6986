// What every route of the simulator can use: the per-request variables Hono carries and the
// Organization's configuration, stores and counters.
import type { SimulatorConfig, UserDefinition } from "./config.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { CustomActivity, LeadStatus, Opportunity, TaskRecord } from "./records/types.ts";
import type { RequestBody } from "./request-body.ts";
import type { AlertStore } from "./store/alerts.ts";
import type { ContactStore } from "./store/contacts.ts";
import type { FaultStore } from "./store/faults.ts";
import type { LeadStore } from "./store/leads.ts";
import type { NoteStore } from "./store/notes.ts";
import type { ObjectStore } from "./store/objects.ts";
import type { RequestLog } from "./store/request-log.ts";
import type { SearchIndex } from "./store/search-index.ts";
import type { UnsubscribeStore } from "./store/unsubscribes.ts";

/** The Hono environment of the simulator's app. */
export type AppEnv = {
  Variables: {
    /** The request body, read once by the API pipeline before the route runs. */
    requestBody: RequestBody;
  };
};

/** The Organization's state, handed to every route. */
export type SimulatorDeps = {
  config: SimulatorConfig;
  contacts: ContactStore;
  leads: LeadStore;
  notes: NoteStore;
  /** The organization's lead statuses, in order (the first is the default). */
  leadStatuses: ObjectStore<LeadStatus>;
  tasks: ObjectStore<TaskRecord>;
  customActivities: ObjectStore<CustomActivity>;
  opportunities: ObjectStore<Opportunity>;
  unsubscribes: UnsubscribeStore;
  /** The organization's members: the API user, then `USERS`. */
  members: readonly UserDefinition[];
  requestLog: RequestLog;
  faults: FaultStore;
  /** What `/data/search/` and the lead listing see: the database, `search_lag_ms` late. */
  searchIndex: SearchIndex;
  rateLimiter: RateLimiter;
  /** What the alert sinks received. */
  alerts: AlertStore;
  /** Runs `work` as one SQLite transaction: all of its writes commit, or none. */
  transact: <T>(work: () => T) => T;
  /** Empties every table and counter. */
  resetAll: () => void;
};

/** Where the Close API lives on the simulator, as on api.close.com. */
export const API_PREFIX = "/api/v1";

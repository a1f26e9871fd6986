// The Hono environment of the bridge: its Worker bindings and per-request variables.
import type { SecureHeadersVariables } from "hono/secure-headers";
import type { Source } from "./config/load.ts";
import type { ErrorVariables } from "./errors.ts";

/** Bindings and variables every route of the bridge can read. */
export type AppEnv = {
  Bindings: Env;
  Variables: ErrorVariables &
    SecureHeadersVariables & {
      /** The source a hook request is for, once resolved. */
      source: Source;
    };
};

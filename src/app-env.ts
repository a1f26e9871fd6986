// The Hono environment of the bridge: its Worker bindings and per-request variables.
import type { RequestIdVariables } from "hono/request-id";
import type { SecureHeadersVariables } from "hono/secure-headers";
import type { Source } from "./config/load.ts";

/** Bindings and variables every route of the bridge can read. */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables &
    SecureHeadersVariables & {
      /** The source a hook request is for, once resolved. */
      source: Source;
      /** Where a failed browser form post is redirected (`error_redirect`), when it applies. */
      errorRedirect?: string;
    };
};

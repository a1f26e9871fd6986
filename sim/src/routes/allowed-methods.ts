// Close answers 405 for a known path with a method it does not take; Hono alone would 404.
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { methodNotAllowedError } from "../errors.ts";

/** Registers, after a path's real routes, a 405 for every other method (with `Allow`). */
export function refuseOtherMethods(app: Hono<AppEnv>, path: string, allowed: string[]): void {
  app.all(path, () => {
    throw methodNotAllowedError(allowed);
  });
}

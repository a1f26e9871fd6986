// Close answers 405 for a known path with a method it does not take; Hono alone would 404. A
// method Close has and the simulator lacks answers 400 saying so.
import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { methodNotAllowedError, requestError } from "../errors.ts";

/** Registers, after a path's real routes, a 405 for every other method (with `Allow`). */
export function refuseOtherMethods(app: Hono<AppEnv>, path: string, allowed: string[]): void {
  app.all(path, () => {
    throw methodNotAllowedError(allowed);
  });
}

/**
 * Registers methods Close has on a path that the simulator does not implement: a 400 saying so,
 * never a 404 or 405 that would claim Close has no such endpoint.
 */
export function refuseNotSimulated(
  app: Hono<AppEnv>,
  path: string,
  methods: ("GET" | "POST" | "PUT" | "DELETE")[],
  what: string,
): void {
  for (const method of methods) {
    app.on(method, path, () => {
      throw requestError(`The simulator does not support ${what}.`);
    });
  }
}

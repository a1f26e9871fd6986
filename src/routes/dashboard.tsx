// GET /admin and its pages (/admin/submissions, /admin/submissions/:id, /admin/sources,
// /admin/dead-letters): the console (src/dashboard). The page itself holds no data: it asks for
// the admin token (kept in the tab's sessionStorage only) and calls /v1/admin with it.
import type { Context, Hono } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../app-env.ts";
import { DashboardPage } from "../dashboard/page.tsx";
import { findPage } from "../dashboard/pages.ts";
import { BridgeError } from "../errors.ts";

/** Registers the console's pages, with a strict Content-Security-Policy (only its own nonce'd code runs). */
export function registerDashboardRoute(app: Hono<AppEnv>) {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: [NONCE],
      styleSrc: [NONCE],
      connectSrc: ["'self'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    referrerPolicy: "no-referrer",
  });
  const render = (c: Context<AppEnv>) => {
    const found = findPage(c.req.path);
    if (!found) throw new BridgeError("not_found", "No such page of the console.");
    const nonce = c.get("secureHeadersNonce") ?? "";
    return c.html(`<!doctype html>${<DashboardPage nonce={nonce} active={found.page} />}`);
  };
  app.get("/admin", headers, render);
  app.get("/admin/*", headers, render);
}

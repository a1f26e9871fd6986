// GET /admin: the dashboard, one page over the admin API (src/dashboard). The page itself holds
// no data: it asks for the admin token (kept in the tab's sessionStorage only) and calls
// /v1/admin with it.
import type { Hono } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../app-env.ts";
import { DashboardPage } from "../dashboard/page.tsx";

/** Registers `GET /admin`, with a strict Content-Security-Policy (only its own nonce'd code runs). */
export function registerDashboardRoute(app: Hono<AppEnv>) {
  app.get(
    "/admin",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: [NONCE],
        styleSrc: [NONCE],
        connectSrc: ["'self'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    }),
    (c) => c.html(`<!doctype html>${<DashboardPage nonce={c.get("secureHeadersNonce") ?? ""} />}`),
  );
}

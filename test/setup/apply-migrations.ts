// Applies migrations/ to the test database before the bridge's tests (as `npm run dev` does).
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// `npm run check`'s configuration step, run as a new user runs it: on a copy of the shipped
// wrangler.toml with one mistake, next to the development secret files.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findConsoleUrlWarning } from "../../scripts/check-config.ts";

const SCRIPT = resolve("scripts/check-config.ts");
const SHIPPED = readFileSync("wrangler.toml", "utf8");
let root = "";

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "close-bridge-check-"));
  copyFileSync(".dev.vars.example", join(root, ".dev.vars.example"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the check in `root` on wrangler.toml with `edit` applied; answers its exit code and output. */
function check(edit: (toml: string) => string): { code: number; output: string } {
  writeFileSync(join(root, "wrangler.toml"), edit(SHIPPED));
  const result = spawnSync(process.execPath, [SCRIPT], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

const withTally2 = (toml: string) => `${toml}\n[vars.SOURCES.tally2]\npreset = "tally"\n`;

describe("npm run check, on wrangler.toml", () => {
  it("passes on the shipped file", () => {
    expect(check((toml) => toml)).toEqual({
      code: 0,
      output: "wrangler.toml: configuration valid (12 sources).\n",
    });
  });

  it('fails naming the path on phone = "user..phone"', () => {
    const result = check((toml) =>
      toml.replace('phone = ["phone", "contact.phones"]', 'phone = "user..phone"'),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      '[vars.SOURCES.zapier] fields.phone: "user..phone" is not a valid path: it has two dots in a row',
    );
  });

  it("fails when [assets] has no ASSETS binding (the phone number data is read through it)", () => {
    const result = check((toml) => toml.replace('binding = "ASSETS"\n', ""));
    expect(result.code).toBe(1);
    expect(result.output).toContain('[assets]: needs binding = "ASSETS"');
  });

  it("names a misspelt option with the one that was meant", () => {
    const result = check((toml) =>
      toml.replace('default_country = "US"', 'defualt_country = "US"'),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      '[vars.SOURCES.website] defualt_country: is not a known option; did you mean "default_country"?',
    );
  });

  it("accepts a new source's secret set in .dev.vars alone", () => {
    writeFileSync(join(root, ".dev.vars"), "TALLY2_SECRET=mine\n");
    expect(check(withTally2).code).toBe(0);
  });

  it("says where to set a secret that is in neither file", () => {
    const result = check(withTally2);
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      "[vars.SOURCES.tally2] auth.secret: the secret TALLY2_SECRET is not set in .dev.vars or .dev.vars.example: add TALLY2_SECRET=... to .dev.vars (yours) or .dev.vars.example (everyone's); in production, npx wrangler secret put TALLY2_SECRET",
    );
  });

  it("names a rate-limiting binding wrangler.toml does not declare", () => {
    const result = check((toml) =>
      toml.replace(/^rate_limit = true$/m, 'rate_limit = "FORM_LIMITER"'),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      "[vars.SOURCES.website] rate_limit: no [[ratelimits]] binding named FORM_LIMITER in wrangler.toml",
    );
  });
});

describe("npm run check, on [vars.ALERTS]", () => {
  it("warns, without failing, when a configured alert channel's secret is set in neither file", () => {
    const example = readFileSync(".dev.vars.example", "utf8");
    writeFileSync(
      join(root, ".dev.vars.example"),
      example.replace(/^ALERT_SLACK_URL=.*$/m, "").replace(/^ALERT_WEBHOOK_SECRET=.*$/m, ""),
    );
    const result = check((toml) => toml);
    expect(result.code).toBe(0);
    expect(result.output).toContain(
      "warning: [vars.ALERTS] slack: the secret ALERT_SLACK_URL is not set in .dev.vars or .dev.vars.example: the slack channel is off until it is (npx wrangler secret put ALERT_SLACK_URL)",
    );
    expect(result.output).toContain(
      "warning: [vars.ALERTS] webhook: the secret ALERT_WEBHOOK_SECRET is not set",
    );
    expect(result.output).toContain("wrangler.toml: configuration valid (12 sources).");
  });

  it("warns when the email channel names a send_email binding wrangler.toml lacks", () => {
    const result = check((toml) => toml.replace(/^# email = (\{.*\})$/m, "email = $1"));
    expect(result.code).toBe(0);
    expect(result.output).toContain(
      "warning: [vars.ALERTS] email: no [[send_email]] binding named ALERT_EMAIL in wrangler.toml: the email channel is off",
    );
  });
});

describe("the console link of alerts (npm run deploy warns)", () => {
  it("the shipped wrangler.toml does not point alerts at this machine; .dev.vars.example does, for npm run dev", () => {
    const vars = (parseToml(SHIPPED) as { vars: Record<string, unknown> }).vars;
    expect(JSON.stringify(vars)).not.toMatch(/127\.0\.0\.1:8787\/admin|localhost:8787/);
    expect(readFileSync(".dev.vars.example", "utf8")).toMatch(
      /^CONSOLE_URL=http:\/\/127\.0\.0\.1:8787\/admin$/m,
    );
  });

  it.each([
    [{}, "CONSOLE_URL is not set in [vars]"],
    [{ CONSOLE_URL: "http://127.0.0.1:8787/admin" }, "on this machine"],
    [{ CONSOLE_URL: "http://localhost:8787/admin" }, "on this machine"],
    [{ CONSOLE_URL: "https://close-bridge.acme.workers.dev/admin" }, undefined],
  ])("%j: %s", (vars, expected) => {
    const warning = findConsoleUrlWarning(vars);
    if (expected === undefined) expect(warning).toBeUndefined();
    else expect(warning).toContain(expected);
  });
});

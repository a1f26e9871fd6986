// `npm run check`'s configuration step, run as a new user runs it: on a copy of the shipped
// wrangler.toml with one mistake, next to the development secret files.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

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
  try {
    const output = execFileSync(process.execPath, [SCRIPT], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { code: 0, output };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
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

// `npm run dev` on a fresh clone: .dev.vars comes from .dev.vars.example, once, and a developer's
// own .dev.vars is never overwritten.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { ensureDevVars } from "../../scripts/dev-servers.ts";

let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

it("copies .dev.vars.example to .dev.vars when there is none, and leaves an existing one alone", () => {
  root = mkdtempSync(join(tmpdir(), "close-bridge-dev-vars-"));
  writeFileSync(join(root, ".dev.vars.example"), "CLOSE_API_KEY=example\n");

  expect(ensureDevVars(root)).toBe(true);
  expect(readFileSync(join(root, ".dev.vars"), "utf8")).toBe("CLOSE_API_KEY=example\n");

  writeFileSync(join(root, ".dev.vars"), "CLOSE_API_KEY=mine\n");
  expect(ensureDevVars(root)).toBe(false);
  expect(readFileSync(join(root, ".dev.vars"), "utf8")).toBe("CLOSE_API_KEY=mine\n");
});

// After each test file: no secret of the configuration (nor any key or token a test used)
// may appear in a log line or an answer the bridge produced during the file.
import { afterAll, expect } from "vitest";
import devVars from "../../.dev.vars.example?raw";
import { captured } from "../helpers/capture.ts";
import { secretLeaks, secretsOf } from "../helpers/secrets.ts";

const secrets = secretsOf(devVars);

if (!captured.installed) {
  captured.installed = true;
  for (const method of ["log", "info", "warn", "error"] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      captured.lines.push(
        args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "),
      );
      original(...args);
    };
  }
}

afterAll(() => {
  expect(secretLeaks(captured.lines.splice(0), secrets)).toEqual([]);
});

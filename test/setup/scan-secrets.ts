// After each test file: no secret of the configuration (nor any key or token a test used)
// may appear in a log line or an answer the bridge produced during the file.
import { afterAll, expect } from "vitest";
import devVars from "../../.dev.vars.example?raw";
import { captured } from "../helpers/capture.ts";

/** Secrets the tests hand the bridge besides those of .dev.vars.example. */
const TEST_SECRETS = ["admin-test-token", "api_wrong", "whsec_bm90LXRoZS1zZWNyZXQ="];
const NOT_SECRET = new Set(["CLOSE_API_BASE", "RETRY_BASE_S", "TURNSTILE_VERIFY_URL"]);

const secrets = [
  ...devVars
    .split("\n")
    .map((line) => /^([A-Z][A-Z0-9_]*)=(.+)$/.exec(line.trim()))
    .filter(
      (match): match is RegExpExecArray => match !== null && !NOT_SECRET.has(match[1] as string),
    )
    .map((match) => match[2] as string),
  ...TEST_SECRETS,
];

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
  const lines = captured.lines.splice(0);
  const leaks = lines.flatMap((line) =>
    secrets
      .filter((secret) => line.includes(secret))
      .map((secret) => `${secret.slice(0, 6)}… in: ${line.slice(0, 200)}`),
  );
  expect(leaks).toEqual([]);
});

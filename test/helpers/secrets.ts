// What must never appear in a log line or an answer: every secret of .dev.vars.example, the
// keys and tokens tests hand the bridge, and any email address left unmasked.

/** Secrets the tests hand the bridge besides those of .dev.vars.example. */
const TEST_SECRETS = ["admin-test-token", "api_wrong", "whsec_bm90LXRoZS1zZWNyZXQ="];
const NOT_SECRET = new Set([
  "CLOSE_API_BASE",
  "RETRY_BASE_S",
  "SEARCH_SETTLE_S",
  "TURNSTILE_VERIFY_URL",
]);

// An address whose local part is still readable: logs mask it as `a***@example.com`.
const UNMASKED_EMAIL = /[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+\.[A-Za-z]{2,}/;

/** The secret values of a `.dev.vars` text, and the tests' own. */
export function secretsOf(devVars: string): string[] {
  return [
    ...devVars
      .split("\n")
      .map((line) => /^([A-Z][A-Z0-9_]*)=(.+)$/.exec(line.trim()))
      .filter(
        (match): match is RegExpExecArray => match !== null && !NOT_SECRET.has(match[1] as string),
      )
      .map((match) => match[2] as string),
    ...TEST_SECRETS,
  ];
}

/** Each secret found in a line, named by its first characters only. */
export function secretLeaks(lines: string[], secrets: string[]): string[] {
  return lines.flatMap((line) =>
    secrets
      .filter((secret) => line.includes(secret))
      .map((secret) => `${secret.slice(0, 6)}… in: ${line.slice(0, 200)}`),
  );
}

/** Log lines that carry an email address unmasked. */
export function unmaskedEmails(lines: string[]): string[] {
  return lines.filter((line) => UNMASKED_EMAIL.test(line)).map((line) => line.slice(0, 200));
}

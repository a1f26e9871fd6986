// Structured JSON logs: one line per event, with the request or submission id, and never a
// secret or raw personal data. Every string logged passes through `redactPersonalData`, so an
// email or phone number that slips into a message (a Close error text, say) is masked anyway.

/** How loud a log line is. */
export type LogLevel = "debug" | "info" | "warn" | "error";

const EMAIL = /[^\s@"'<>(),;:]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;
// A run of 7 or more digits, possibly with + and the usual separators, standing on its own
// (not inside an id): a phone number. ISO dates and times are left alone.
const PHONE = /(?<![\w.:-])\+?\d[\d\s().-]{5,}\d(?![\w:-])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** `ada.lovelace@example.com` becomes `a***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** `+14155550100` becomes `+1***00`: enough to tell two numbers apart, not to call one. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 6) return "***";
  return `${phone.startsWith("+") ? "+" : ""}${digits.slice(0, 1)}***${digits.slice(-2)}`;
}

// The ASCII characters a phone number may have between its digits: `+`, `(`, `)`, `.`, `-`
// and white space.
const PHONE_SEPARATOR: readonly boolean[] = Array.from({ length: 128 }, (_, code) =>
  " \t\n\v\f\r+().-".includes(String.fromCharCode(code)),
);

/**
 * Whether a text may hold what the patterns mask: an `@` (every email has one), or a run of
 * characters a phone number is written with holding 7 digits (every phone the patterns mask is
 * such a run). Most logged strings (ids, names, codes) have neither and skip the patterns.
 */
export function mayHoldPersonalData(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      digits += 1;
      if (digits >= 7) return true;
    } else if (code === 64) {
      return true;
    } else if (code < 128 && !PHONE_SEPARATOR[code]) {
      // Any other ASCII character ends the run; every other character may be a space.
      digits = 0;
    }
  }
  return false;
}

/** Masks every email and phone number in a text. */
export function redactPersonalData(text: string): string {
  return mayHoldPersonalData(text) ? applyRedactionPatterns(text) : text;
}

/** The email and phone patterns over a text, without the pre-scan that skips most texts. */
export function applyRedactionPatterns(text: string): string {
  return text
    .replace(EMAIL, maskEmail)
    .replace(PHONE, (match) =>
      match.replace(/\D/g, "").length >= 7 && !ISO_DATE.test(match) ? maskPhone(match) : match,
    );
}

/** A copy of `value` with every string masked (to a depth of 6). */
function redact(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactPersonalData(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  // Without a prototype, so that a `__proto__` key stays a key (as JSON.stringify writes it).
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    copy[key] = redact((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}

/** Writes one structured log line. */
export function logEvent(level: LogLevel, event: string, fields: Record<string, unknown> = {}) {
  // The line's keys in order: level, event, the fields, time (a field of the same name takes
  // the place of level or event and gives way to time).
  const record: Record<string, unknown> = Object.create(null);
  record.level = level;
  record.event = event;
  for (const key of Object.keys(fields)) record[key] = redact(fields[key], 1);
  record.time = new Date().toISOString();
  const line = JSON.stringify(record);
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

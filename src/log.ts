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

/** Masks every email and phone number in a text. */
export function redactPersonalData(text: string): string {
  return text
    .replace(EMAIL, maskEmail)
    .replace(PHONE, (match) =>
      match.replace(/\D/g, "").length >= 7 && !ISO_DATE.test(match) ? maskPhone(match) : match,
    );
}

function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactPersonalData(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, depth + 1)]));
}

/** Writes one structured log line. */
export function logEvent(level: LogLevel, event: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({
    level,
    event,
    ...(redact(fields) as object),
    time: new Date().toISOString(),
  });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

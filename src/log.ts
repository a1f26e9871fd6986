// Structured JSON logs: one line per event, with the request or submission id, and never a
// secret or raw personal data (emails and phones are masked before they are logged).

/** How loud a log line is. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Writes one structured log line. */
export function logEvent(level: LogLevel, event: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level, event, ...fields, time: new Date().toISOString() });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

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

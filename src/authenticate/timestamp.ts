// Replay protection for timestamped signatures: a signed timestamp must be within the
// tolerance of now in either direction, so a captured delivery cannot be replayed later and
// a forged clock far ahead cannot pre-date one.
import { ACCEPTED, type AuthCheck, refuse } from "./types.ts";

const DIGITS = /^\d{1,16}$/;

/** Checks a sender's timestamp (`s` or `ms` since the epoch) against `now` (ms) and the tolerance. */
export function checkTimestamp(
  value: string | null,
  unit: "s" | "ms",
  now: number,
  toleranceS: number,
): AuthCheck {
  if (value === null || value === "") return refuse("timestamp missing");
  if (!DIGITS.test(value)) return refuse("timestamp is not a whole number");
  const sentAt = unit === "s" ? Number(value) * 1000 : Number(value);
  const skewS = (now - sentAt) / 1000;
  if (skewS > toleranceS)
    return refuse(`timestamp ${Math.round(skewS)} s old (tolerance ${toleranceS} s)`);
  if (-skewS > toleranceS) {
    return refuse(`timestamp ${Math.round(-skewS)} s in the future (tolerance ${toleranceS} s)`);
  }
  return ACCEPTED;
}

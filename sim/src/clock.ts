// Time: timestamps in Close's format (ISO 8601 with microseconds and an explicit `+00:00`
// offset, e.g. "2013-03-07T23:23:21.495000+00:00"), waiting, and the clock, injectable.

/** Milliseconds since the epoch; tests pass their own to move time at will. */
export type Clock = () => number;

/** The real time. */
export const systemClock: Clock = () => Date.now();

/** Formats `date` the way Close writes `date_created` and `date_updated`. */
export function formatCloseTimestamp(date: Date = new Date()): string {
  // toISOString() gives milliseconds and a `Z`; Close gives microseconds and `+00:00`.
  return date.toISOString().replace(/Z$/, "000+00:00");
}

/** Resolves after `ms` milliseconds without blocking other requests to the Durable Object. */
export function waitFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

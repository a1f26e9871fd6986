// A scheduler's booked meeting (Calendly, Cal.com): its title and times, which routing writes
// into an opportunity's note (`{meeting}`).
import type { Extraction } from "../types.ts";

/** A booked meeting from a scheduler's fields; undefined when it names neither title nor time. */
export function meetingOf(
  title: string | undefined,
  start: string | undefined,
  end: string | undefined,
): Extraction["meeting"] {
  if (title === undefined && start === undefined) return undefined;
  return {
    ...(title !== undefined ? { title } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
  };
}

/**
 * A booked meeting in words: its title and `on` its start, whichever it has ("" for neither).
 *
 * @example
 * describeMeeting("Intro call", "2026-12-01T15:00:00Z") // => "Intro call on 2026-12-01T15:00:00Z"
 */
export function describeMeeting(title: string | undefined, start: string | undefined): string {
  return [title, start && `on ${start}`].filter(Boolean).join(" ");
}

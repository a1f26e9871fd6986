// `[vars.ALERTS]`: where incident alerts go (a Slack-compatible webhook, a signed generic
// webhook, email through a `send_email` binding), how often an open incident is recalled, the
// optional daily digest, and the thresholds of the backlog and signature-failure incidents.
// Every channel is optional, and one whose secret or binding is missing is off, not an error.
import * as z from "../zod.ts";

/** The name of a Worker secret or binding, in capitals. */
const BindingName = z.deferred(() =>
  z
    .string()
    .check(z.regex(/^[A-Z][A-Z0-9_]*$/, "must name a Worker secret or binding in capitals")),
);

/** A whole number from `min` to `max` (a TOML integer). */
function wholeNumber(min: number, max: number) {
  return z.number().check(z.int(), z.minimum(min), z.maximum(max));
}

// A plain check: the send_email binding (and Email Routing's verified addresses) say the rest.
const EmailAddress = z.deferred(() =>
  z.string().check(z.regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, "must be an email address")),
);

/** The alert channels and incident thresholds of one deployment. */
export const AlertsConfig = z.deferred(() =>
  z.strictObject({
    /** A Slack-compatible incoming webhook (Slack, Discord's `/slack` URL, Google Chat, Teams). */
    slack: z.optional(z.strictObject({ url_secret: BindingName })),
    /** A generic JSON webhook, signed with Standard Webhooks. */
    webhook: z.optional(z.strictObject({ url_secret: BindingName, signing_secret: BindingName })),
    /** Email through a `[[send_email]]` binding (Cloudflare Email Routing or Email Service). */
    email: z.optional(
      z.strictObject({
        binding: BindingName,
        from: EmailAddress,
        to: z.union([EmailAddress, z.array(EmailAddress).check(z.minLength(1), z.maxLength(50))]),
      }),
    ),
    /** Hours between reminders of an incident that stays open. */
    remind_after: z._default(wholeNumber(1, 720), 24),
    /** A daily summary of submissions per source and outcome. */
    digest: z._default(z.boolean(), false),
    /** The hour (UTC) after which the day's digest is sent. */
    digest_hour: z._default(wholeNumber(0, 23), 8),
    /** Queued plus retrying submissions above which a backlog incident opens. */
    backlog: z._default(wholeNumber(1, 10_000_000), 500),
    /** Minutes the oldest undelivered submission may wait before an incident opens. */
    oldest_undelivered_minutes: z._default(wholeNumber(1, 10_080), 60),
    /** Hours without a refusal after which a refused-field incident resolves on its own. */
    rejected_quiet_hours: z._default(wholeNumber(1, 720), 24),
    /** Refused signatures or tokens on one source, within the window, that open an incident. */
    signature_failures: z._default(wholeNumber(1, 1_000_000), 20),
    signature_window_minutes: z._default(wholeNumber(1, 1440), 15),
  }),
);
export type AlertsConfig = z.infer<typeof AlertsConfig>;

// Routing in Close, the pure part: each source's options for what follows the contact (the new
// lead's status and source, its owner, a follow-up task, a custom activity, an opportunity,
// consent) and what a submission's answers make of them: text templates such as
// "Call {name} about {message}" rendered, values read from field paths. Delivery resolves the
// names (statuses, users, fields, types) against the Close organization and writes them.

import { resolvePath } from "../extract/path.ts";
import { describeMeeting } from "../extract/payload/meeting.ts";
import type { Extraction } from "../extract/types.ts";
import { memoize } from "../memo.ts";
import type { ContactDraft, RoutingDraft } from "../validate/draft.ts";
import * as z from "../zod.ts";
import { formatValue } from "./note.ts";

/** A name of something in Close (a status, a custom field, an activity type), as Close shows it. */
export const CloseName = z.deferred(() =>
  z.string().check(z.trim(), z.minLength(1, "must name something in Close"), z.maxLength(200)),
);

/** A Close user, by the email they sign in with. */
export const UserEmail = z.deferred(() =>
  z.pipe(
    z.email({ error: "must be the email of a user of your Close organization" }),
    z.transform((email: string) => email.toLowerCase()),
  ),
);

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Why a template cannot be read, or undefined when it can. */
function findTemplateProblem(template: string): string | undefined {
  const outside = template.replace(PLACEHOLDER, "");
  if (/[{}]/.test(outside)) return "has a { or } that does not open or close a {placeholder}";
  for (const [, inside] of template.matchAll(PLACEHOLDER)) {
    const [name] = (inside ?? "").split("|", 1);
    if (!name?.trim())
      return "has an empty {placeholder}: write a name such as {name} or a field path";
  }
  return undefined;
}

/** Text with `{placeholder}`s (a name such as `{message}` or a field path, `{name|fallback}`). */
export const Template = z.deferred(() =>
  z.string().check(
    z.minLength(1),
    z.maxLength(5000),
    z.superRefine((template, ctx) => {
      const problem = findTemplateProblem(template);
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: template });
    }),
  ),
);

/** Whether a template has placeholders (a literal can be checked against a field's choices). */
export function hasPlaceholders(template: string): boolean {
  return /\{[^{}]*\}/.test(template);
}

const UTM_PARAMETER = /^utm_[a-z0-9_]+$/;

/** `lead.*` options besides which lead: its status, its source and UTM fields. */
export const LeadRouting = z.deferred(() =>
  z.strictObject({
    /** A lead status label, set on leads the bridge creates. */
    status: z.optional(CloseName),
    /** Also set `status` on an existing lead a submission is added to. */
    status_on_update: z._default(z.boolean(), false),
    /** The lead's source: text, or a `{field path}`, written to `source_field`. */
    source: z.optional(Template),
    source_field: z._default(CloseName, "Lead source"),
    /** UTM parameters (`utm_source`, ...) to the lead custom fields named. */
    utm: z._default(
      z.record(z.string(), CloseName).check(
        z.superRefine((utm, ctx) => {
          for (const parameter of Object.keys(utm)) {
            if (!UTM_PARAMETER.test(parameter)) {
              ctx.addIssue({
                code: "custom",
                path: [parameter],
                message: "must be a UTM parameter such as utm_source",
                input: parameter,
              });
            }
          }
        }),
      ),
      {},
    ),
  }),
);
export type LeadRouting = z.infer<typeof LeadRouting>;

/** The `lead.*` routing of a source that sets none. */
export const NO_LEAD_ROUTING: LeadRouting = {
  status_on_update: false,
  source_field: "Lead source",
  utm: {},
};

const Emails = z.deferred(() => z.array(UserEmail).check(z.minLength(1), z.maxLength(100)));

/** `owner`: who a new lead is assigned to, written to a User-type lead custom field. */
export const OwnerOptions = z.deferred(() =>
  z
    .strictObject({
      /** Users taking new leads in turn (round-robin). */
      users: z._default(z.array(UserEmail).check(z.maxLength(100)), []),
      /** A field path whose value picks the users from `map`. */
      by: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
      /** Values of `by` to a user, or users in turn; a value not listed goes to `users`. */
      map: z._default(z.record(z.string(), z.union([UserEmail, Emails])), {}),
      /** The User-type lead custom field that holds the owner (Close's lead owner convention). */
      field: z._default(CloseName, "Lead owner"),
      /** The turn counter's name: sources naming the same rotation share its turns. */
      rotation: z.optional(
        z
          .string()
          .check(
            z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be lowercase letters, digits, - and _"),
          ),
      ),
    })
    .check(
      z.superRefine((owner, ctx) => {
        const mapped = Object.keys(owner.map).length > 0;
        if (owner.users.length === 0 && !mapped) {
          ctx.addIssue({
            code: "custom",
            path: ["users"],
            message: "needs at least one user's email (or `by` and `map`)",
            input: owner.users,
          });
        }
        if (mapped !== (owner.by !== undefined)) {
          ctx.addIssue({
            code: "custom",
            path: [mapped ? "by" : "map"],
            message: "`by` (a field path) and `map` (its values to users) go together",
            input: owner,
          });
        }
      }),
    ),
);
export type OwnerOptions = z.infer<typeof OwnerOptions>;

const DURATION = /^(\d{1,4})\s*(m|min|h|d)$/;
const MINUTES = { m: 1, min: 1, h: 60, d: 1440 } as const;

/** `30m`, `2h`, `1d`: minutes after the submission arrived. */
export const Duration = z.deferred(() =>
  z.pipe(
    z.string().check(z.regex(DURATION, 'must be a duration such as "30m", "2h" or "1d"')),
    z.transform((text: string) => {
      const [, amount, unit] = DURATION.exec(text) as RegExpExecArray;
      return Number(amount) * MINUTES[unit as keyof typeof MINUTES];
    }),
  ),
);

/** `task`: a follow-up task on the lead, for its owner. */
export const TaskOptions = z.deferred(() =>
  z.strictObject({
    text: z._default(Template, "Follow up with {name|the new lead} ({source_name})"),
    /** When the task is due, after the submission arrived; its value is in minutes. */
    due_in: z._default(Duration, 60),
    /** Assign the task to this user instead of the lead's owner. */
    assign_to: z.optional(UserEmail),
  }),
);
export type TaskOptions = z.infer<typeof TaskOptions>;

/** `activity`: the submission as a custom activity of a named type. */
export const ActivityOptions = z.deferred(() =>
  z.strictObject({
    type: CloseName,
    /** `also` keeps the note; `instead` writes the activity in its place. */
    note: z._default(z.enum(["also", "instead"]), "also"),
    /** The activity's fields by name: text with {placeholders}. */
    fields: z._default(z.record(CloseName, Template), {}),
    /** A text field of the type that holds the submission id (finds the activity on a retry). */
    marker_field: z._default(CloseName, "Submission ID"),
  }),
);
export type ActivityOptions = z.infer<typeof ActivityOptions>;

/** `opportunity`: for bookings, an opportunity in a named status. */
export const OpportunityOptions = z.deferred(() =>
  z.strictObject({
    status: CloseName,
    /** In the organization's currency (Close stores cents): `1500` or `1499.99`. */
    value: z.optional(z.number().check(z.minimum(0), z.maximum(1e12))),
    value_period: z._default(z.enum(["one_time", "monthly", "annual"]), "one_time"),
    confidence: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(100))),
    note: z._default(Template, "{meeting}"),
  }),
);
export type OpportunityOptions = z.infer<typeof OpportunityOptions>;

/** `consent`: a form's consent checkbox, to a contact field and the email's subscription. */
export const ConsentOptions = z.deferred(() =>
  z.strictObject({
    /** The checkbox's field path. */
    from: z._default(z.string().check(z.trim(), z.minLength(1), z.maxLength(500)), "consent"),
    /** A contact custom field that records the answer. */
    field: z.optional(CloseName),
    yes: z._default(z.string().check(z.minLength(1), z.maxLength(200)), "Yes"),
    no: z._default(z.string().check(z.minLength(1), z.maxLength(200)), "No"),
    /** Unchecked (or absent, as browsers send an unchecked box): mark the emails unsubscribed. */
    unsubscribe_when_unchecked: z._default(z.boolean(), false),
  }),
);
export type ConsentOptions = z.infer<typeof ConsentOptions>;

/** Everything a source routes, resolved from its options. */
export type SourceRouting = {
  lead: LeadRouting;
  owner?: OwnerOptions;
  task?: TaskOptions;
  activity?: ActivityOptions;
  opportunity?: OpportunityOptions;
  consent?: ConsentOptions;
};

/** Whether a source routes anything beyond the contact, lead and note. */
export function routesAnything(routing: SourceRouting): boolean {
  const { lead } = routing;
  return Boolean(
    lead.status ||
      lead.source ||
      Object.keys(lead.utm).length > 0 ||
      routing.owner ||
      routing.task ||
      routing.activity ||
      routing.opportunity ||
      routing.consent,
  );
}

/** A template read once: literal text, and placeholders with the text used when they have no value. */
type TemplatePart = string | { name: string; fallback: string };

/** Splits a template into its literal text and its `{name|fallback}` placeholders (remembered). */
const compileTemplate = memoize(
  (template): TemplatePart[] => {
    const parts: TemplatePart[] = [];
    let end = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      const inside = match[1] ?? "";
      const bar = inside.indexOf("|");
      parts.push(template.slice(end, match.index), {
        name: (bar < 0 ? inside : inside.slice(0, bar)).trim(),
        fallback: bar < 0 ? "" : inside.slice(bar + 1),
      });
      end = match.index + match[0].length;
    }
    parts.push(template.slice(end));
    return parts;
  },
  // Templates come from the configuration, so there are few; the bounds only guard the isolate.
  { entries: 500, keyLength: 10_000 },
);

/** Renders a template: each `{name}` by `lookup`, `{name|fallback}` when it has no value. */
export function renderTemplate(
  template: string,
  lookup: (name: string) => string | undefined,
): string {
  let text = "";
  for (const part of compileTemplate(template)) {
    if (typeof part === "string") {
      text += part;
      continue;
    }
    const value = lookup(part.name);
    text += value !== undefined && value !== "" ? value : part.fallback;
  }
  return text.trim();
}

/** A booking's meeting, when the sender is a scheduler. */
export type Meeting = { title?: string; start?: string; end?: string };

/** What mapping learned besides the draft, for templates. */
export type RoutingFacts = {
  sourceName: string;
  /** The person's message(s), as the note starts with them. */
  messages: string[];
  /** UTM parameters: normalized name (`utm_source`) and value. */
  tracking: [string, string][];
  pageUrl: string | undefined;
  meeting: Meeting | undefined;
};

const UNCHECKED = new Set(["", "false", "no", "off", "0", "n", "unchecked", "declined", "none"]);

/**
 * Whether a consent checkbox was ticked: a browser sends an unticked box not at all, senders of
 * JSON send false; "on", "yes", "true", "I agree" and the like are ticked.
 */
export function isChecked(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") return !UNCHECKED.has(value.trim().toLowerCase());
  if (Array.isArray(value)) return value.some(isChecked);
  return true;
}

function meetingText(meeting: Meeting | undefined): string | undefined {
  return describeMeeting(meeting?.title, meeting?.start) || undefined;
}

/** What a template's placeholders are read from, for one submission. */
type TemplateContext = {
  extraction: Extraction;
  draft: ContactDraft;
  facts: RoutingFacts;
  routing: SourceRouting;
  tracking: ReadonlyMap<string, string>;
  consentValue: boolean | undefined;
};

/** How each name a template reads from the draft and the facts (not the answers) is read. */
const BUILT_INS: ReadonlyMap<string, (context: TemplateContext) => string | undefined> = new Map<
  string,
  (context: TemplateContext) => string | undefined
>([
  ["name", ({ draft }) => draft.name],
  ["first_name", ({ draft }) => draft.name?.split(/\s+/)[0]],
  ["email", ({ draft }) => draft.emails[0]?.email],
  ["phone", ({ draft }) => draft.phones[0]?.phone],
  ["company", ({ draft }) => draft.lead.name],
  ["title", ({ draft }) => draft.title],
  ["message", ({ facts }) => facts.messages.join("\n\n") || undefined],
  ["note", ({ draft }) => draft.note],
  ["page_url", ({ facts }) => facts.pageUrl],
  ["source_name", ({ facts }) => facts.sourceName],
  [
    "source",
    (context) =>
      context.routing.lead.source
        ? renderTemplate(context.routing.lead.source, (inner) => lookUpPlaceholder(context, inner))
        : context.facts.sourceName,
  ],
  [
    "consent",
    ({ consentValue, routing }) =>
      consentValue === undefined
        ? undefined
        : consentValue
          ? routing.consent?.yes
          : routing.consent?.no,
  ],
  ["meeting", ({ facts }) => meetingText(facts.meeting)],
  ["meeting_title", ({ facts }) => facts.meeting?.title],
  ["meeting_time", ({ facts }) => facts.meeting?.start],
  ["meeting_end", ({ facts }) => facts.meeting?.end],
]);

/** A placeholder's value: a built-in name, a UTM parameter, else a field path of the answers. */
function lookUpPlaceholder(context: TemplateContext, name: string): string | undefined {
  const builtIn = BUILT_INS.get(name);
  if (builtIn) return builtIn(context);
  if (context.tracking.has(name)) return context.tracking.get(name);
  const { value } = resolvePath(context.extraction, name);
  if (value === undefined || value === null) return undefined;
  return formatValue(value);
}

/**
 * What a submission's answers make of a source's routing: rendered texts and values by the
 * Close names they go to. Undefined when the source routes nothing from the answers.
 *
 * @example
 * mapRouting(extraction, draft, facts, { lead: { ...NO_LEAD_ROUTING, source: "Website form" }, task: { text: "Call {name}", due_in: 60 } })
 * // => { lead_fields: { "Lead source": "Website form" }, task: "Call Ada Lovelace" }
 */
export function mapRouting(
  extraction: Extraction,
  draft: ContactDraft,
  facts: RoutingFacts,
  routing: SourceRouting,
): RoutingDraft | undefined {
  const tracking = new Map(facts.tracking);
  const consentValue = routing.consent
    ? isChecked(resolvePath(extraction, routing.consent.from).value)
    : undefined;
  const context: TemplateContext = { extraction, draft, facts, routing, tracking, consentValue };
  const lookup = (name: string) => lookUpPlaceholder(context, name);
  const render = (template: string) => renderTemplate(template, lookup);

  const result: RoutingDraft = {};
  const leadFields: Record<string, string> = {};
  if (routing.lead.source) {
    const source = render(routing.lead.source);
    if (source) leadFields[routing.lead.source_field] = source;
  }
  for (const [parameter, field] of Object.entries(routing.lead.utm)) {
    const value = tracking.get(parameter);
    if (value) leadFields[field] = value;
  }
  if (Object.keys(leadFields).length > 0) result.lead_fields = leadFields;
  // Keys in the order of `RoutingDraft`, as the log gives the draft back (a replay compares the
  // two drafts as text).
  if (routing.consent && consentValue !== undefined) {
    if (routing.consent.field) {
      result.contact_fields = {
        [routing.consent.field]: consentValue ? routing.consent.yes : routing.consent.no,
      };
    }
    result.consent = consentValue;
  }
  if (routing.owner?.by) {
    const { value } = resolvePath(extraction, routing.owner.by);
    const text = value === undefined || value === null ? "" : formatValue(value);
    if (text) result.owner_by = text;
  }
  if (routing.task) result.task = render(routing.task.text) || `Follow up (${facts.sourceName})`;
  if (routing.activity) {
    const fields: Record<string, string> = {};
    for (const [field, template] of Object.entries(routing.activity.fields)) {
      const value = render(template);
      if (value) fields[field] = value;
    }
    result.activity = fields;
  }
  if (routing.opportunity) {
    result.opportunity = render(routing.opportunity.note) || `Booked through ${facts.sourceName}`;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

// The doctor (`npm run doctor`, `GET /v1/admin/doctor`): checks the configuration against the
// Close organization before it is used. The key works (`GET /me/`); every lead and opportunity
// status, user, custom field (of a type that takes what is written, with the choices used) and
// custom activity type (with its fields) that a source names exists. Each finding says where the
// configuration names it and how to fix it in Close.
import type { CloseClient } from "../close/client.ts";
import { CloseError } from "../close/error.ts";
import type { CloseCustomField } from "../close/schemas.ts";
import type { Source } from "../config/load.ts";
import { hasPlaceholders } from "../map/routing.ts";
import { fixInClose, type NameKind, notFoundIn, OrganizationNames } from "./close-names.ts";

/** One thing the configuration names that Close lacks (or has in a form that does not fit). */
export type DoctorFinding = {
  /** The source that names it (none for the key). */
  source?: string;
  /** The option, as written in wrangler.toml: `lead.status`, `owner.users`, ... */
  option: string;
  problem: string;
  /** What to do in Close (or in wrangler.toml). */
  fix: string;
};

/** What the doctor found. */
export type DoctorReport = {
  ok: boolean;
  /** The organization the key reaches, and its user, when the key works. */
  organization?: string;
  user?: string;
  /** How many names it checked. */
  checked: number;
  findings: DoctorFinding[];
};

/** The sources' parts the doctor reads. */
export type DoctorSource = Pick<Source, "name" | "fields" | "routing">;

/** Field types that take any text. */
const TEXT_TYPES = ["text", "textarea", "hidden"];
/** Field types a rendered text can go to: text, or one of the choices, a number, a date. */
const WRITABLE_TYPES = [...TEXT_TYPES, "choices", "number", "date", "datetime"];

/** Checks one source; pushes findings, answers how many names it checked. */
async function examineSource(
  names: OrganizationNames,
  source: DoctorSource,
  findings: DoctorFinding[],
): Promise<number> {
  let checked = 0;
  const report = (option: string, problem: string, fix: string) =>
    findings.push({ source: source.name, option, problem, fix });

  /** Checks a field exists, has a type in `types`, and offers `literal` among its choices. */
  const checkField = (
    option: string,
    kind: NameKind,
    name: string,
    field: CloseCustomField | undefined,
    types: readonly string[],
    literals: string[] = [],
    within?: string,
  ) => {
    checked += 1;
    const wanted = types.length === 1 ? types[0] : undefined;
    const fix = fixInClose(kind, name, {
      ...(within ? { within } : {}),
      ...(wanted ? { type: wanted } : {}),
    });
    const label = within ? `the field "${name}" of "${within}"` : `the ${kind} "${name}"`;
    if (!field) {
      report(
        option,
        within ? `"${within}" has no field "${name}"` : `Close has no ${kind} "${name}"`,
        fix,
      );
      return;
    }
    if (!types.includes(field.type)) {
      report(
        option,
        `${label} is of type ${field.type}, which cannot take what is written (${types.join(", ")})`,
        fix,
      );
      return;
    }
    if (field.type !== "choices") return;
    for (const literal of literals) {
      if (!(field.choices ?? []).some((choice) => choice.toLowerCase() === literal.toLowerCase())) {
        report(
          option,
          `"${literal}" is not one of the choices of ${label} (${(field.choices ?? []).join(", ")})`,
          `Add the choice "${literal}" to ${label} in Close (Settings > Customization), or write one of its choices.`,
        );
      }
    }
  };
  /** Checks that a status, user or activity type exists, by what finds it. */
  const checkNamed = async (
    option: string,
    kind: NameKind,
    name: string,
    find: (name: string) => Promise<unknown>,
  ) => {
    checked += 1;
    if ((await find(name)) === undefined)
      report(option, notFoundIn(kind, name), fixInClose(kind, name));
  };
  const checkUser = (option: string, email: string) =>
    checkNamed(option, "user", email, (e) => names.findUser(e));
  /** The literal a template is, when it has no placeholders (the doctor can check its choices). */
  const literal = (template: string | undefined) =>
    template !== undefined && !hasPlaceholders(template) ? [template] : [];

  for (const target of Object.keys(source.fields)) {
    const match = /^(lead\.)?custom\.(.+)$/.exec(target);
    if (!match?.[2]) continue;
    const objectType = match[1] ? "lead" : "contact";
    const id = match[2];
    checked += 1;
    const fields = await names.list(objectType === "lead" ? "leadFields" : "contactFields");
    if (!fields.some((field) => field.id === id)) {
      report(
        `fields."${target}"`,
        `Close has no ${objectType} custom field with the id ${id}`,
        `Find the field's id in Close (Settings > Customization > Custom Fields > ${objectType === "lead" ? "Lead" : "Contact"}), or create the field.`,
      );
    }
  }

  const { lead, owner, task, activity, opportunity, consent } = source.routing;
  if (lead.status) {
    await checkNamed("lead.status", "lead status", lead.status, (l) => names.findLeadStatus(l));
  }
  if (lead.source) {
    const field = await names.findField("lead", lead.source_field);
    checkField(
      "lead.source_field",
      "lead custom field",
      lead.source_field,
      field,
      WRITABLE_TYPES,
      literal(lead.source),
    );
  }
  for (const [parameter, name] of Object.entries(lead.utm)) {
    checkField(
      `lead.utm.${parameter}`,
      "lead custom field",
      name,
      await names.findField("lead", name),
      WRITABLE_TYPES,
    );
  }
  if (owner) {
    checkField(
      "owner.field",
      "lead custom field",
      owner.field,
      await names.findField("lead", owner.field),
      ["user"],
    );
    for (const email of owner.users) await checkUser("owner.users", email);
    for (const [value, users] of Object.entries(owner.map)) {
      for (const email of Array.isArray(users) ? users : [users])
        await checkUser(`owner.map.${value}`, email);
    }
  }
  if (task?.assign_to) await checkUser("task.assign_to", task.assign_to);
  if (activity) {
    await checkNamed("activity.type", "custom activity type", activity.type, (t) =>
      names.findActivityType(t),
    );
    const entry = await names.findActivityType(activity.type);
    if (entry) {
      const fieldOf = (name: string) =>
        entry.fields.find((field) => (field.name ?? "").toLowerCase() === name.toLowerCase());
      const typeName = entry.type.name;
      checkField(
        "activity.marker_field",
        "custom activity field",
        activity.marker_field,
        fieldOf(activity.marker_field),
        TEXT_TYPES,
        [],
        typeName,
      );
      for (const [name, template] of Object.entries(activity.fields)) {
        checkField(
          `activity.fields."${name}"`,
          "custom activity field",
          name,
          fieldOf(name),
          WRITABLE_TYPES,
          literal(template),
          typeName,
        );
      }
      const mapped = new Set(
        [activity.marker_field, ...Object.keys(activity.fields)].map((name) => name.toLowerCase()),
      );
      for (const field of entry.fields) {
        if (field.required && !mapped.has((field.name ?? "").toLowerCase())) {
          report(
            "activity.fields",
            `the field "${field.name}" of "${typeName}" is required to publish an activity, and activity.fields does not fill it`,
            `Map "${field.name}" in activity.fields, or make it optional in Close (Settings > Customization > Custom Activities).`,
          );
        }
      }
    }
  }
  if (opportunity) {
    await checkNamed("opportunity.status", "opportunity status", opportunity.status, (o) =>
      names.findOpportunityStatus(o),
    );
  }
  if (consent?.field) {
    checkField(
      "consent.field",
      "contact custom field",
      consent.field,
      await names.findField("contact", consent.field),
      WRITABLE_TYPES,
      [consent.yes, consent.no],
    );
  }
  return checked;
}

/**
 * Checks every name the sources use against the Close organization the client reaches.
 * Throws the `CloseError` when Close cannot be asked (unreachable, rate-limited).
 *
 * @example
 * const report = await examineCloseNames(close, config.sources.values());
 * // => { ok: false, findings: [{ source: "website", option: "lead.status", problem: 'Close has no lead status "Inbound"', fix: "Add the lead status ..." }], ... }
 */
export async function examineCloseNames(
  close: CloseClient,
  sources: Iterable<DoctorSource>,
): Promise<DoctorReport> {
  let me: Awaited<ReturnType<CloseClient["getMe"]>>;
  try {
    me = await close.getMe();
  } catch (error) {
    if (!(error instanceof CloseError) || error.kind !== "auth") throw error;
    return {
      ok: false,
      checked: 1,
      findings: [
        {
          option: "CLOSE_API_KEY",
          problem: "Close refused the API key",
          fix: "Create an API key in Close (Settings > Developer > API Keys) and set it: `wrangler secret put CLOSE_API_KEY` (or CLOSE_API_KEY in .dev.vars).",
        },
      ],
    };
  }
  const names = new OrganizationNames(close);
  const findings: DoctorFinding[] = [];
  let checked = 1;
  for (const source of sources) checked += await examineSource(names, source, findings);
  const organization = me.organizations[0]?.name ?? me.organizations[0]?.id;
  return {
    ok: findings.length === 0,
    ...(organization ? { organization } : {}),
    ...(me.email ? { user: me.email } : {}),
    checked,
    findings,
  };
}

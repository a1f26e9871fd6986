// The names a source's routing uses, resolved in the Close organization: lead and opportunity
// statuses by label, users by email, lead and contact custom fields and custom activity types
// (with their fields) by name. Each list is read once per isolate and organization and again
// after a few minutes; a name not found is looked for once more in a fresh list (it may have
// just been added), at most once per list for each user of these names (a delivery, the
// doctor), before it counts as missing. `npm run doctor` reads the same lists.
import type { CloseClient } from "../close/client.ts";
import { CloseError } from "../close/error.ts";
import type {
  CloseActivityType,
  CloseCustomField,
  CloseLeadStatus,
  CloseOpportunityStatus,
  CloseUser,
} from "../close/schemas.ts";

const LIST_TTL_MS = 5 * 60_000;

/** A custom activity type with its fields, each with its choices. */
export type ActivityTypeFields = { type: CloseActivityType; fields: CloseCustomField[] };

/** The organization's lists, as read from Close. */
type Lists = {
  leadStatuses: CloseLeadStatus[];
  opportunityStatuses: CloseOpportunityStatus[];
  users: CloseUser[];
  leadFields: CloseCustomField[];
  contactFields: CloseCustomField[];
  activityTypes: ActivityTypeFields[];
};

type ListName = keyof Lists;

/** What is named: the kinds of thing a configuration can name in Close. */
export type NameKind =
  | "lead status"
  | "opportunity status"
  | "user"
  | "lead custom field"
  | "contact custom field"
  | "custom activity type"
  | "custom activity field";

/** Where the configuration names it: the source and its option. */
export type NamedAt = { source: string; option: string };

/** How to add what is missing, in Close's settings. */
export function fixInClose(
  kind: NameKind,
  name: string,
  extra: { within?: string; type?: string } = {},
): string {
  const typed = extra.type ? ` of type ${extra.type}` : "";
  switch (kind) {
    case "lead status":
      return `Add the lead status "${name}" in Close (Settings > Statuses & Pipelines > Lead Statuses), or name an existing one.`;
    case "opportunity status":
      return `Add the opportunity status "${name}" to a pipeline in Close (Settings > Statuses & Pipelines > Opportunity Pipelines), or name an existing one.`;
    case "user":
      return `Invite ${name} to your Close organization (Settings > Team Management), or name a member's email.`;
    case "lead custom field":
      return `Create a lead custom field "${name}"${typed} in Close (Settings > Customization > Custom Fields > Lead), or name an existing one.`;
    case "contact custom field":
      return `Create a contact custom field "${name}"${typed} in Close (Settings > Customization > Custom Fields > Contact), or name an existing one.`;
    case "custom activity type":
      return `Create the custom activity type "${name}" in Close (Settings > Customization > Custom Activities), or name an existing one.`;
    case "custom activity field":
      return `Add a field "${name}"${typed} to the custom activity type "${extra.within ?? ""}" in Close (Settings > Customization > Custom Activities), or name an existing field.`;
  }
}

/** The Close list each kind of name is looked up in. */
const LISTED_AT: Record<NameKind, string> = {
  "lead status": "GET /status/lead/",
  "opportunity status": "GET /status/opportunity/",
  user: "GET /user/",
  "lead custom field": "GET /custom_field_schema/lead/",
  "contact custom field": "GET /custom_field_schema/contact/",
  "custom activity type": "GET /custom_activity/",
  "custom activity field": "GET /custom_activity/",
};

/** The `name_missing` failure of a delivery: what, where in the configuration, how to fix it. */
export function missingName(kind: NameKind, at: NamedAt, problem: string, fix: string): CloseError {
  return new CloseError(
    "name_missing",
    `${problem} (source "${at.source}", ${at.option}). ${fix} \`npm run doctor\` checks every name.`,
    { request: LISTED_AT[kind], fieldErrors: { [at.option]: problem } },
  );
}

type Cached<T> = { at: number; value: T };
const caches = new Map<string, Partial<{ [K in ListName]: Cached<Lists[K]> }>>();

const same = (a: string | null | undefined, b: string) =>
  (a ?? "").trim().toLowerCase() === b.trim().toLowerCase();

/** The organization's names as one Close client reaches them. */
export class OrganizationNames {
  readonly #close: CloseClient;
  /** The lists this user of the names has read from Close (not the cache): no need to again. */
  readonly #refreshed = new Set<ListName>();

  constructor(close: CloseClient) {
    this.#close = close;
  }

  async #read<K extends ListName>(list: K): Promise<Lists[K]> {
    const close = this.#close;
    switch (list) {
      case "leadStatuses":
        return (await close.listLeadStatuses()) as Lists[K];
      case "opportunityStatuses":
        return (await close.listOpportunityStatuses()) as Lists[K];
      case "users":
        return (await close.listUsers()) as Lists[K];
      case "leadFields":
        return (await close.listCustomFields("lead")) as Lists[K];
      case "contactFields":
        return (await close.listCustomFields("contact")) as Lists[K];
      default: {
        // Types list their fields without choices: the activity fields list has them.
        const [types, fields] = await Promise.all([
          close.listActivityTypes(),
          close.listActivityFields(),
        ]);
        const byId = new Map(fields.map((field) => [field.id, field]));
        return types.map((type) => ({
          type,
          fields: type.fields.map((field) => ({ ...field, ...byId.get(field.id) })),
        })) as Lists[K];
      }
    }
  }

  /** A list, from the cache when it is young enough, or read now (`fresh`). */
  async list<K extends ListName>(list: K, fresh = false): Promise<Lists[K]> {
    let cache = caches.get(this.#close.scope);
    if (!cache) {
      cache = {};
      caches.set(this.#close.scope, cache);
    }
    const cached = cache[list] as Cached<Lists[K]> | undefined;
    if (cached && !fresh && Date.now() - cached.at < LIST_TTL_MS) return cached.value;
    const value = await this.#read(list);
    (cache as Record<ListName, Cached<unknown>>)[list] = { at: Date.now(), value };
    this.#refreshed.add(list);
    return value;
  }

  /** Finds an item of a list, looking once more in a fresh list when it is not there. */
  async #find<K extends ListName>(
    list: K,
    matches: (item: Lists[K][number]) => boolean,
  ): Promise<Lists[K][number] | undefined> {
    const found = (await this.list(list)).find(matches as (item: unknown) => boolean);
    if (found || this.#refreshed.has(list)) return found as Lists[K][number] | undefined;
    return (await this.list(list, true)).find(matches as (item: unknown) => boolean) as
      | Lists[K][number]
      | undefined;
  }

  /** The lead status with this label (case-insensitive). */
  findLeadStatus(label: string): Promise<CloseLeadStatus | undefined> {
    return this.#find("leadStatuses", (status) => same(status.label, label));
  }

  /** The first opportunity status with this label, in any pipeline. */
  findOpportunityStatus(label: string): Promise<CloseOpportunityStatus | undefined> {
    return this.#find("opportunityStatuses", (status) => same(status.label, label));
  }

  /** The member with this email. */
  findUser(email: string): Promise<CloseUser | undefined> {
    return this.#find("users", (user) => same(user.email, email));
  }

  /** A lead or contact custom field by name. */
  findField(objectType: "lead" | "contact", name: string): Promise<CloseCustomField | undefined> {
    return this.#find(objectType === "lead" ? "leadFields" : "contactFields", (field) =>
      same(field.name, name),
    );
  }

  /** A custom activity type by name, with its fields. */
  findActivityType(name: string): Promise<ActivityTypeFields | undefined> {
    return this.#find("activityTypes", (entry) => same(entry.type.name, name));
  }

  /** The lead status, or `name_missing`. */
  async requireLeadStatus(label: string, at: NamedAt): Promise<CloseLeadStatus> {
    return found(await this.findLeadStatus(label), "lead status", label, at);
  }

  /** The opportunity status, or `name_missing`. */
  async requireOpportunityStatus(label: string, at: NamedAt): Promise<CloseOpportunityStatus> {
    return found(await this.findOpportunityStatus(label), "opportunity status", label, at);
  }

  /** The member, or `name_missing`. */
  async requireUser(email: string, at: NamedAt): Promise<CloseUser> {
    return found(await this.findUser(email), "user", email, at);
  }

  /** The custom field, of one of `types` when given, or `name_missing`. */
  async requireField(
    objectType: "lead" | "contact",
    name: string,
    at: NamedAt,
    types?: readonly string[],
  ): Promise<CloseCustomField> {
    const kind = objectType === "lead" ? "lead custom field" : "contact custom field";
    const field = await this.findField(objectType, name);
    const wanted = types?.join(" or ");
    if (!field) {
      throw missingName(
        kind,
        at,
        notFoundIn(kind, name),
        fixInClose(kind, name, wanted ? { type: wanted } : {}),
      );
    }
    if (types && !types.includes(field.type)) {
      throw missingName(
        kind,
        at,
        `The ${kind} "${name}" is of type ${field.type}, not ${wanted}`,
        fixInClose(kind, name, { type: wanted }),
      );
    }
    return field;
  }

  /** The custom activity type with its fields, or `name_missing`. */
  async requireActivityType(name: string, at: NamedAt): Promise<ActivityTypeFields> {
    return found(await this.findActivityType(name), "custom activity type", name, at);
  }
}

/** What Close lacks, in words: `Close has no lead status "Inbound"`. */
export function notFoundIn(kind: NameKind, name: string): string {
  return `Close has no ${kind} ${kind === "user" ? name : `"${name}"`}`;
}

/** The item found, or the `name_missing` failure of its kind and name. */
function found<T>(item: T | undefined, kind: NameKind, name: string, at: NamedAt): T {
  if (item !== undefined) return item;
  throw missingName(kind, at, notFoundIn(kind, name), fixInClose(kind, name));
}

/** A field of an activity type by name, of one of `types` when given, or `name_missing`. */
export function requireActivityField(
  entry: ActivityTypeFields,
  name: string,
  at: NamedAt,
  types?: readonly string[],
): CloseCustomField {
  const field = entry.fields.find((candidate) => same(candidate.name, name));
  const wanted = types?.join(" or ");
  const fix = fixInClose("custom activity field", name, {
    within: entry.type.name,
    ...(wanted ? { type: wanted } : {}),
  });
  if (!field) {
    throw missingName(
      "custom activity field",
      at,
      `The custom activity type "${entry.type.name}" has no field "${name}"`,
      fix,
    );
  }
  if (types && !types.includes(field.type)) {
    throw missingName(
      "custom activity field",
      at,
      `The field "${name}" of "${entry.type.name}" is of type ${field.type}, not ${wanted}`,
      fix,
    );
  }
  return field;
}

/** Forgets every list this isolate read (tests start each case fresh with it). */
export function forgetOrganizationNames() {
  caches.clear();
}

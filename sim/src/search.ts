// Close's Advanced Filtering (`POST /data/search/`): the query tree is checked against what
// the simulator can evaluate, then evaluated as sets of ids, one object type at a time.
// Supported: and / or / not / match_all, object_type (lead, contact), has_related
// (contact -> contact_email, contact -> contact_phone, lead -> contact, contact -> lead) and
// field_condition on a regular_field with a `text` condition in `exact_value` mode
// (case-insensitive; phone values are normalized to E.164 first).
import { z } from "zod";

/** The object types a query can address. */
export const SearchObjectType = z.enum(["lead", "contact", "contact_email", "contact_phone"]);
export type SearchObjectType = z.infer<typeof SearchObjectType>;

/** The object types a search returns. */
export const ResultObjectType = z.enum(["lead", "contact"]);
export type ResultObjectType = z.infer<typeof ResultObjectType>;

/** How a field's searched value is compared: lowercased text, or a phone in E.164. */
export type FieldComparison = "text" | "phone";

/** The regular fields a `field_condition` can name, per object type. */
export const SEARCHABLE_FIELDS = {
  lead: {
    id: "text",
    name: "text",
    description: "text",
    url: "text",
    status_id: "text",
    status_label: "text",
  },
  contact: { id: "text", name: "text", title: "text", lead_id: "text" },
  contact_email: { email: "text", type: "text" },
  contact_phone: { phone: "phone", type: "text" },
} as const satisfies Record<SearchObjectType, Record<string, FieldComparison>>;

/** A field name of one object type's searchable fields. */
export type SearchableField<T extends SearchObjectType> = keyof (typeof SEARCHABLE_FIELDS)[T];

/** The `has_related` relations (this type > related type) the simulator can follow. */
export const SEARCH_RELATIONS = [
  "contact>contact_email",
  "contact>contact_phone",
  "lead>contact",
  "contact>lead",
] as const satisfies readonly `${SearchObjectType}>${SearchObjectType}`[];

/** One supported relation, e.g. `"contact>contact_email"`. */
export type SearchRelation = (typeof SEARCH_RELATIONS)[number];

/** Finds the supported relation from `from` to `to`, if there is one. */
function findRelation(from: SearchObjectType, to: SearchObjectType): SearchRelation | undefined {
  return SEARCH_RELATIONS.find((relation) => relation === `${from}>${to}`);
}

/** A node of the query tree. */
export type SearchQuery =
  | { type: "and"; queries: SearchQuery[] }
  | { type: "or"; queries: SearchQuery[] }
  | { type: "not"; query: SearchQuery }
  | { type: "match_all" }
  | { type: "object_type"; object_type: ResultObjectType }
  | {
      type: "has_related";
      this_object_type: SearchObjectType;
      related_object_type: SearchObjectType;
      related_query: SearchQuery;
    }
  | {
      type: "field_condition";
      field: { type: "regular_field"; object_type: SearchObjectType; field_name: string };
      condition: { type: "text"; mode: "exact_value"; value: string };
    };

/** The query tree schema; anything outside the supported subset fails to parse. */
export const SearchQuery: z.ZodType<SearchQuery> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("and"), queries: z.array(SearchQuery) }),
    z.object({ type: z.literal("or"), queries: z.array(SearchQuery) }),
    z.object({ type: z.literal("not"), query: SearchQuery }),
    z.object({ type: z.literal("match_all") }),
    z.object({ type: z.literal("object_type"), object_type: ResultObjectType }),
    z.object({
      type: z.literal("has_related"),
      this_object_type: SearchObjectType,
      related_object_type: SearchObjectType,
      related_query: SearchQuery,
    }),
    z.object({
      type: z.literal("field_condition"),
      field: z.object({
        type: z.literal("regular_field"),
        object_type: SearchObjectType,
        field_name: z.string(),
      }),
      condition: z.object({
        type: z.literal("text"),
        mode: z.literal("exact_value"),
        value: z.string(),
      }),
    }),
  ]),
);

/** The default and largest `_limit` of a search (Close does not publish its own). */
export const SEARCH_DEFAULT_LIMIT = 10;
export const SEARCH_MAX_LIMIT = 200;

/** The body of `POST /data/search/`. */
export const SearchRequest = z.strictObject({
  query: SearchQuery,
  _fields: z.partialRecord(ResultObjectType, z.array(z.string())).optional(),
  _limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_DEFAULT_LIMIT),
  cursor: z.string().nullable().optional(),
});
export type SearchRequest = z.infer<typeof SearchRequest>;

/** An id in the store: contacts and leads have string ids, emails and phones row numbers. */
export type StoredId = string | number;

/** What the evaluator needs from the store; the store answers with indexed SQL lookups. */
export interface SearchSource {
  /** Every id of `type`. */
  allIds(type: SearchObjectType): StoredId[];
  /** Ids of `type` whose `field` equals `value` (already lowercased, or E.164 for phones). */
  idsWithField(type: SearchObjectType, field: string, value: string): StoredId[];
  /** Ids of the relation's first type related to any of `childIds` (of its second type). */
  parentIds(relation: SearchRelation, childIds: StoredId[]): StoredId[];
}

/** Returns why the simulator cannot evaluate `query`, or null when it can. */
export function findUnsupportedClause(query: SearchQuery): string | null {
  switch (query.type) {
    case "and":
    case "or":
      for (const inner of query.queries) {
        const problem = findUnsupportedClause(inner);
        if (problem) return problem;
      }
      return null;
    case "not":
      return findUnsupportedClause(query.query);
    case "match_all":
    case "object_type":
      return null;
    case "has_related": {
      if (!findRelation(query.this_object_type, query.related_object_type)) {
        return `has_related from ${query.this_object_type} to ${query.related_object_type} is not supported.`;
      }
      return findUnsupportedClause(query.related_query);
    }
    case "field_condition": {
      const fields: Record<string, FieldComparison> = SEARCHABLE_FIELDS[query.field.object_type];
      if (!Object.hasOwn(fields, query.field.field_name)) {
        return `The field ${query.field.field_name} of ${query.field.object_type} is not searchable.`;
      }
      return null;
    }
  }
}

/**
 * Returns the ids of `type` objects matching `query`. `normalizePhoneValue` turns a searched
 * phone into the stored E.164 form.
 */
export function findMatchingIds(
  query: SearchQuery,
  type: SearchObjectType,
  source: SearchSource,
  normalizePhoneValue: (value: string) => string,
): Set<StoredId> {
  const evaluate = (node: SearchQuery, context: SearchObjectType): Set<StoredId> => {
    switch (node.type) {
      case "and": {
        let result: Set<StoredId> | null = null;
        for (const inner of node.queries) {
          const matches = evaluate(inner, context);
          result = result === null ? matches : keepShared(result, matches);
          if (result.size === 0) break;
        }
        return result ?? new Set(source.allIds(context));
      }
      case "or":
        return new Set(node.queries.flatMap((inner) => [...evaluate(inner, context)]));
      case "not": {
        const excluded = evaluate(node.query, context);
        return new Set(source.allIds(context).filter((id) => !excluded.has(id)));
      }
      case "match_all":
        return new Set(source.allIds(context));
      case "object_type":
        return node.object_type === context ? new Set(source.allIds(context)) : new Set();
      case "has_related": {
        const relation = findRelation(node.this_object_type, node.related_object_type);
        if (node.this_object_type !== context || !relation) return new Set();
        const related = evaluate(node.related_query, node.related_object_type);
        return related.size === 0 ? new Set() : new Set(source.parentIds(relation, [...related]));
      }
      case "field_condition": {
        if (node.field.object_type !== context) return new Set();
        const fields: Record<string, FieldComparison> = SEARCHABLE_FIELDS[context];
        const value =
          fields[node.field.field_name] === "phone"
            ? normalizePhoneValue(node.condition.value)
            : node.condition.value.toLowerCase();
        return new Set(source.idsWithField(context, node.field.field_name, value));
      }
    }
  };
  return evaluate(query, type);
}

// Set.prototype.intersection is ES2025, beyond the ES2023 library this project targets.
function keepShared(left: Set<StoredId>, right: Set<StoredId>): Set<StoredId> {
  return new Set([...left].filter((id) => right.has(id)));
}

/** Encodes where the next page starts as Close's opaque `cursor`. */
export function encodeSearchCursor(offset: number): string {
  return btoa(`skip:${offset}`);
}

/** Reads a cursor back; null when it is not one this simulator gave out. */
export function decodeSearchCursor(cursor: string): number | null {
  let decoded: string;
  try {
    decoded = atob(cursor);
  } catch {
    // Not base64, so not one of ours: the caller answers 400.
    return null;
  }
  const match = /^skip:(\d+)$/.exec(decoded);
  return match ? Number(match[1]) : null;
}

// `POST /data/search/` bodies (close-api.md, "Advanced filtering"): the clauses close-bridge
// builds to find a contact by email or phone and a lead by name.
import type { CloseSearchClause, CloseSearchRequest } from "./schemas.ts";

/** A text field's exact value (case-insensitive), as a `data/search` clause. */
export function exactValue(
  objectType: string,
  fieldName: string,
  value: string,
): CloseSearchClause {
  return {
    type: "field_condition",
    field: { type: "regular_field", object_type: objectType, field_name: fieldName },
    condition: { type: "text", mode: "exact_value", value },
  };
}

/** A contact having an email (or phone) of exactly `value`. */
export function hasRelatedValue(
  type: "contact_email" | "contact_phone",
  field: string,
  value: string,
): CloseSearchClause {
  return {
    type: "has_related",
    this_object_type: "contact",
    related_object_type: type,
    related_query: exactValue(type, field, value),
  };
}

/** Any of `clauses` (the clause itself when it is alone). */
export function anyOf(clauses: CloseSearchClause[]): CloseSearchClause {
  return clauses.length === 1 && clauses[0] ? clauses[0] : { type: "or", queries: clauses };
}

/** The body of one search for objects of one type matching `clause`. */
export function buildSearch(
  objectType: "contact" | "lead",
  clause: CloseSearchClause,
  fields: string[],
  limit: number,
): CloseSearchRequest {
  return {
    query: { type: "and", queries: [{ type: "object_type", object_type: objectType }, clause] },
    _fields: { [objectType]: fields },
    _limit: limit,
  };
}

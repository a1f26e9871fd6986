// `/opportunity/` (close-routing.md section 4): create in a status (by default the first of
// the pipeline given, else the organization's first), list with Close's filters and aggregates,
// read by id. Without `lead_id` a new lead is made for it, as in Close.
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { formatCloseTimestamp } from "../clock.ts";
import { objectNotFoundError, requestError, validationError } from "../errors.ts";
import { presentPage, readFieldSelection, readPageRequest, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, LIST_PARAMETERS, readIdList, readQuery } from "../query.ts";
import { buildLead } from "../records/lead.ts";
import { buildOpportunity, listOpportunityStatuses } from "../records/opportunity.ts";
import type { Opportunity, ValuePeriod } from "../records/types.ts";
import { requireJsonObject } from "../request-body.ts";
import type { Condition, Order } from "../store/objects.ts";
import { fullNameOf } from "../users.ts";
import { parseOpportunityInput } from "../validate-followups.ts";
import { refuseNotSimulated, refuseOtherMethods } from "./allowed-methods.ts";

const COLLECTION = `${API_PREFIX}/opportunity`;
const ITEM = `${COLLECTION}/:id`;

// Each with its `__in` form. Close also takes `query`, `status_label`, `_group_by`, Smart View
// filters and more orders; the simulator does not, so those are refused rather than ignored.
const FILTERS = ["lead_id", "user_id", "status_id", "status_type", "value_period"] as const;
const LIST_FILTERS = [...FILTERS, ...FILTERS.map((name) => `${name}__in`), "_order_by"];

const ORDER_FIELDS = ["date_won", "date_updated", "date_created", "confidence", "value"];

const PERIODS: ValuePeriod[] = ["one_time", "monthly", "annual"];

/** The aggregates every opportunity list carries, over all the matches (not one page). */
function aggregate(matches: Opportunity[]): Record<string, unknown> {
  const sum = (pick: (o: Opportunity) => number) => matches.reduce((t, o) => t + pick(o), 0);
  const value = (o: Opportunity) => o.value ?? 0;
  const expected = (o: Opportunity) => Math.round((value(o) * o.confidence) / 100);
  const annualize = (o: Opportunity, v: number) => (o.value_period === "monthly" ? v * 12 : v);
  const totals: Record<string, unknown> = {
    total_results: matches.length,
    count_by_value_period: Object.fromEntries(
      PERIODS.map((period) => [period, matches.filter((o) => o.value_period === period).length]),
    ),
    total_value_annualized: sum((o) => annualize(o, value(o))),
    expected_value_annualized: sum((o) => annualize(o, expected(o))),
  };
  for (const period of PERIODS) {
    const of = (pick: (o: Opportunity) => number) => (o: Opportunity) =>
      o.value_period === period ? pick(o) : 0;
    totals[`total_value_${period}`] = sum(of(value));
    totals[`expected_value_${period}`] = sum(of(expected));
  }
  return totals;
}

/** Registers the opportunity endpoints. */
export function registerOpportunityRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const placedStatuses = listOpportunityStatuses(deps.config.PIPELINES);

  app.get(COLLECTION, (c) => {
    const query = readQuery(c, [...LIST_PARAMETERS, ...LIST_FILTERS]);
    const conditions: Condition[] = [];
    for (const name of FILTERS) {
      const values = [
        ...(readIdList(query, name) ?? []),
        ...(readIdList(query, `${name}__in`) ?? []),
      ];
      if (query.has(name) || query.has(`${name}__in`))
        conditions.push({ field: name, anyOf: values });
    }
    const orderBy = query.get("_order_by");
    let order: Order = { descending: false };
    if (orderBy !== null) {
      const field = orderBy.replace(/^-/, "");
      if (!ORDER_FIELDS.includes(field)) {
        throw requestError(
          `_order_by must be one of ${ORDER_FIELDS.join(", ")} (with - to reverse).`,
        );
      }
      order = { field, descending: orderBy.startsWith("-") };
    }
    const page = deps.opportunities.list(readPageRequest(query), conditions, order);
    return c.json({
      ...presentPage(page, readFieldSelection(query)),
      ...aggregate(deps.opportunities.listWhere(conditions)),
    });
  });

  app.post(COLLECTION, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const parsed = parseOpportunityInput(requireJsonObject(c.get("requestBody")));
    if (!parsed.ok) throw validationError(parsed.errors);
    const input = parsed.value;
    const pipelineId = input.pipeline_id ?? undefined;
    if (pipelineId && !deps.config.PIPELINES.some((pipeline) => pipeline.id === pipelineId)) {
      throw validationError({ pipeline_id: "Object does not exist." });
    }
    const inPipeline = placedStatuses.filter((p) => !pipelineId || p.pipeline.id === pipelineId);
    const placed = input.status_id
      ? placedStatuses.find((p) => p.status.id === input.status_id)
      : inPipeline[0];
    if (!placed) throw validationError({ status_id: "Object does not exist." });
    if (pipelineId && placed.pipeline.id !== pipelineId) {
      throw validationError({ status_id: "The status does not belong to the pipeline." });
    }
    const ownerId = input.user_id ?? deps.members[0]?.id;
    const owner = deps.members.find((member) => member.id === ownerId);
    if (!owner) throw validationError({ user: "Object does not exist." });
    const now = formatCloseTimestamp();
    let lead = input.lead_id ? deps.leads.find(input.lead_id) : null;
    if (input.lead_id && !lead) throw validationError({ lead: "Object does not exist." });
    const contact = input.contact_id ? deps.contacts.find(input.contact_id) : null;
    if (input.contact_id && !contact) throw validationError({ contact: "Object does not exist." });
    if (contact && lead && contact.lead_id !== lead.id) {
      throw validationError({ contact: "The contact does not belong to this lead." });
    }
    const opportunity = deps.transact(() => {
      if (!lead) {
        // No lead_id: Close makes a lead for the opportunity (shown as "Untitled").
        const status = deps.leadStatuses.listAll()[0];
        if (!status) throw new Error("the organization has no lead status");
        lead = buildLead({ name: null, custom: [] }, status, now);
        deps.leads.insert(lead);
      }
      const created = buildOpportunity(
        { ...input, lead_id: lead.id },
        placed,
        {
          leadName: lead.name,
          contactName: contact?.display_name ?? null,
          owner: { id: owner.id, name: fullNameOf(owner) },
        },
        now,
      );
      deps.opportunities.insert(created, created.lead_id);
      return created;
    });
    return c.json(selectFields(opportunity, readFieldSelection(query)));
  });

  refuseOtherMethods(app, COLLECTION, ["GET", "POST"]);

  app.get(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const opportunity = deps.opportunities.find(c.req.param("id"));
    if (!opportunity) throw objectNotFoundError("Opportunity");
    return c.json(selectFields(opportunity, readFieldSelection(query)));
  });

  refuseNotSimulated(app, ITEM, ["PUT", "DELETE"], "changing or deleting opportunities");
  refuseOtherMethods(app, ITEM, ["GET", "PUT", "DELETE"]);
}

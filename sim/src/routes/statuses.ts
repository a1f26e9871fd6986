// Lead statuses (`GET/POST /status/lead/`), opportunity statuses (`GET /status/opportunity/`)
// and pipelines (`GET /pipeline/`). Lead statuses are stored (seeded from `LEAD_STATUSES`);
// pipelines and their statuses come from `PIPELINES`.
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { validationError } from "../errors.ts";
import { generateId, ORGANIZATION_ID } from "../ids.ts";
import { readFieldSelection, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, readQuery } from "../query.ts";
import { listOpportunityStatuses } from "../records/opportunity.ts";
import type { LeadStatus } from "../records/types.ts";
import { requireJsonObject } from "../request-body.ts";
import { parseLeadStatusInput } from "../validate-followups.ts";
import { refuseNotSimulated, refuseOtherMethods } from "./allowed-methods.ts";

const LEAD_STATUSES = `${API_PREFIX}/status/lead`;
const LEAD_STATUS = `${LEAD_STATUSES}/:id`;
const OPPORTUNITY_STATUSES = `${API_PREFIX}/status/opportunity`;
const OPPORTUNITY_STATUS = `${OPPORTUNITY_STATUSES}/:id`;
const PIPELINES = `${API_PREFIX}/pipeline`;
const PIPELINE = `${PIPELINES}/:id`;

// The pipelines and statuses come from configuration, so they have no real creation date.
const DEFINED_AT = "2024-01-01T00:00:00.000000+00:00";

/** Registers the status and pipeline endpoints. */
export function registerStatusRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  const opportunityStatuses = () =>
    listOpportunityStatuses(deps.config.PIPELINES).map(({ status, pipeline }) => ({
      id: status.id,
      label: status.label,
      type: status.type,
      pipeline_id: pipeline.id,
      organization_id: ORGANIZATION_ID,
    }));

  // Close documents no query parameters here, not even _fields.
  app.get(LEAD_STATUSES, (c) => {
    readQuery(c, []);
    return c.json({ data: deps.leadStatuses.listAll() });
  });

  app.post(LEAD_STATUSES, (c) => {
    readQuery(c, []);
    const parsed = parseLeadStatusInput(requireJsonObject(c.get("requestBody")));
    if (!parsed.ok) throw validationError(parsed.errors);
    const status: LeadStatus = {
      id: generateId("stat"),
      label: parsed.value.label,
      organization_id: ORGANIZATION_ID,
    };
    deps.transact(() => deps.leadStatuses.insert(status, null));
    return c.json(status);
  });

  refuseOtherMethods(app, LEAD_STATUSES, ["GET", "POST"]);
  refuseNotSimulated(app, LEAD_STATUS, ["PUT", "DELETE"], "changing or deleting lead statuses");
  refuseOtherMethods(app, LEAD_STATUS, ["PUT", "DELETE"]);

  app.get(OPPORTUNITY_STATUSES, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const fields = readFieldSelection(query);
    return c.json({ data: opportunityStatuses().map((status) => selectFields(status, fields)) });
  });

  refuseNotSimulated(app, OPPORTUNITY_STATUSES, ["POST"], "creating opportunity statuses");
  refuseOtherMethods(app, OPPORTUNITY_STATUSES, ["GET", "POST"]);
  refuseNotSimulated(
    app,
    OPPORTUNITY_STATUS,
    ["PUT", "DELETE"],
    "changing or deleting opportunity statuses",
  );
  refuseOtherMethods(app, OPPORTUNITY_STATUS, ["PUT", "DELETE"]);

  app.get(PIPELINES, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const fields = readFieldSelection(query);
    const statuses = opportunityStatuses();
    const pipelines = deps.config.PIPELINES.map((pipeline) => ({
      id: pipeline.id,
      name: pipeline.name,
      organization_id: ORGANIZATION_ID,
      statuses: statuses.filter((status) => status.pipeline_id === pipeline.id),
      date_created: DEFINED_AT,
      date_updated: DEFINED_AT,
    }));
    return c.json({ data: pipelines.map((pipeline) => selectFields(pipeline, fields)) });
  });

  refuseNotSimulated(app, PIPELINES, ["POST"], "creating pipelines");
  refuseOtherMethods(app, PIPELINES, ["GET", "POST"]);
  refuseNotSimulated(app, PIPELINE, ["GET", "PUT", "DELETE"], "pipelines by id");
  refuseOtherMethods(app, PIPELINE, ["GET", "PUT", "DELETE"]);
}

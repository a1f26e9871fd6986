// `/task/`: create lead tasks and list them with Close's filters (close-routing.md section 5).
// Without `_type`, only `lead` tasks are listed (Close's quirk); `_type=all` lists every type.
// `view=inbox|future` overrides `date__lt` / `date__gte`, as Close documents.
import type { Hono } from "hono";
import { API_PREFIX, type AppEnv, type SimulatorDeps } from "../app-env.ts";
import { formatCloseTimestamp } from "../clock.ts";
import { objectNotFoundError, requestError, validationError } from "../errors.ts";
import { presentPage, readFieldSelection, readPageRequest, selectFields } from "../pagination.ts";
import { FIELDS_PARAMETER, LIST_PARAMETERS, readIdList, readQuery } from "../query.ts";
import { buildTask, presentTask, startOfTomorrow } from "../records/task.ts";
import { requireJsonObject } from "../request-body.ts";
import type { Condition, Order } from "../store/objects.ts";
import { fullNameOf } from "../users.ts";
import { parseTaskInput } from "../validate-followups.ts";
import { refuseNotSimulated, refuseOtherMethods } from "./allowed-methods.ts";

const COLLECTION = `${API_PREFIX}/task`;
const ITEM = `${COLLECTION}/:id`;

const DATE_FILTERS = ["date__lt", "date__lte", "date__gt", "date__gte"] as const;
const OPERATORS = { date__lt: "<", date__lte: "<=", date__gt: ">", date__gte: ">=" } as const;

// Close also filters by due_date, date_created, date_updated and organization_id; the
// simulator does not, so those parameters are refused rather than ignored.
const LIST_FILTERS = [
  "id",
  "id__in",
  "_type",
  "lead_id",
  "assigned_to",
  "is_complete",
  "view",
  "_order_by",
  ...DATE_FILTERS,
] as const;

const ORDERS: Record<string, Order> = {
  date: { field: "date", descending: false },
  "-date": { field: "date", descending: true },
  date_created: { field: "date_created", descending: false },
  "-date_created": { field: "date_created", descending: true },
};

/** A date filter's value as task dates are stored: a date, or a UTC time in Close's format. */
function readDateBound(value: string, name: string): string {
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw requestError(`${name} must be a date or a date and time.`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : formatCloseTimestamp(new Date(parsed));
}

/** Registers the task endpoints. */
export function registerTaskRoutes(app: Hono<AppEnv>, deps: SimulatorDeps): void {
  app.get(COLLECTION, (c) => {
    const query = readQuery(c, [...LIST_PARAMETERS, ...LIST_FILTERS]);
    const conditions: Condition[] = [];
    const type = query.get("_type") ?? "lead";
    if (type !== "all" && type !== "lead" && type !== "outgoing_call") {
      throw requestError("_type must be lead, outgoing_call or all.");
    }
    // Every stored task is a lead task: outgoing_call lists none.
    if (type !== "all") conditions.push({ field: "_type", anyOf: [type] });
    const ids = [...(readIdList(query, "id") ?? []), ...(readIdList(query, "id__in") ?? [])];
    if (query.has("id") || query.has("id__in")) conditions.push({ field: "id", anyOf: ids });
    for (const name of ["lead_id", "assigned_to"] as const) {
      const values = readIdList(query, name);
      if (values) conditions.push({ field: name, anyOf: values });
    }
    const complete = query.get("is_complete");
    if (complete !== null) {
      if (complete !== "true" && complete !== "false") {
        throw requestError("is_complete must be true or false.");
      }
      conditions.push({ field: "is_complete", anyOf: [complete === "true"] });
    }
    const view = query.get("view");
    const tomorrow = startOfTomorrow();
    if (view !== null && view !== "inbox" && view !== "future" && view !== "archive") {
      throw requestError("view must be inbox, future or archive.");
    }
    for (const name of DATE_FILTERS) {
      const value = query.get(name);
      // view=inbox|future overrides date__lt and date__gte.
      const overridden =
        (view === "inbox" || view === "future") && (name === "date__lt" || name === "date__gte");
      if (value !== null && !overridden) {
        conditions.push({ field: "date", op: OPERATORS[name], value: readDateBound(value, name) });
      }
    }
    if (view === "archive") conditions.push({ field: "is_complete", anyOf: [true] });
    if (view === "inbox") {
      conditions.push({ field: "is_complete", anyOf: [false] });
      conditions.push({ field: "date", op: "<", value: tomorrow, orNull: true });
    }
    if (view === "future") {
      conditions.push({ field: "is_complete", anyOf: [false] });
      conditions.push({ field: "date", op: ">=", value: tomorrow });
    }
    const orderBy = query.get("_order_by");
    const order = orderBy === null ? { descending: false } : ORDERS[orderBy];
    if (!order) throw requestError("_order_by must be date or date_created, with - to reverse.");
    const page = deps.tasks.list(readPageRequest(query), conditions, order);
    const tasks = { ...page, items: page.items.map((task) => presentTask(task)) };
    return c.json(presentPage(tasks, readFieldSelection(query)));
  });

  app.post(COLLECTION, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const parsed = parseTaskInput(requireJsonObject(c.get("requestBody")));
    if (!parsed.ok) throw validationError(parsed.errors);
    const input = parsed.value;
    const lead = deps.leads.find(input.lead_id);
    if (!lead) throw validationError({ lead: "Object does not exist." });
    // Without assigned_to the task goes to the user who creates it (as in Close's captured
    // answers, where the API user is the assignee); Close does not document the default.
    const assigneeId = input.assigned_to ?? deps.members[0]?.id;
    const assignee = deps.members.find((member) => member.id === assigneeId);
    if (!assignee) throw validationError({ assigned_to: "Object does not exist." });
    const task = buildTask(
      input,
      { leadName: lead.name, assignee: { id: assignee.id, name: fullNameOf(assignee) } },
      formatCloseTimestamp(),
    );
    deps.transact(() => deps.tasks.insert(task, task.lead_id));
    return c.json(selectFields(presentTask(task), readFieldSelection(query)));
  });

  refuseNotSimulated(app, COLLECTION, ["PUT"], "updating tasks in bulk");
  refuseOtherMethods(app, COLLECTION, ["GET", "POST", "PUT"]);

  app.get(ITEM, (c) => {
    const query = readQuery(c, FIELDS_PARAMETER);
    const task = deps.tasks.find(c.req.param("id"));
    if (!task) throw objectNotFoundError("Task");
    return c.json(selectFields(presentTask(task), readFieldSelection(query)));
  });

  refuseNotSimulated(app, ITEM, ["PUT", "DELETE"], "changing or deleting tasks");
  refuseOtherMethods(app, ITEM, ["GET", "PUT", "DELETE"]);
}

// Building and presenting tasks. A task's `date` is a date or a date and time; where it shows
// (`view`) depends on today: due by the end of today (or dateless) is `inbox`, later is
// `future`, done is `archive`. The simulator's "today" is the UTC day.
import { generateId } from "../ids.ts";
import type { TaskInput } from "../validate-followups.ts";
import { createdBy } from "./authorship.ts";
import type { Task, TaskRecord, TaskView } from "./types.ts";

/** Who a task is assigned to and which lead it is on, with their names. */
export type TaskParties = {
  leadName: string | null;
  assignee: { id: string; name: string };
};

/** Builds a new task from validated input. */
export function buildTask(input: TaskInput, parties: TaskParties, now: string): TaskRecord {
  return {
    id: generateId("task"),
    _type: "lead",
    lead_id: input.lead_id,
    lead_name: parties.leadName,
    contact_id: null,
    contact_name: null,
    assigned_to: parties.assignee.id,
    assigned_to_name: parties.assignee.name,
    text: input.text ?? "",
    date: input.date ?? null,
    due_date: null,
    is_dateless: input.date === undefined || input.date === null,
    is_complete: input.is_complete ?? false,
    object_type: null,
    object_id: null,
    ...createdBy(now),
  };
}

/** The first instant of the UTC day after `now`, in the format task dates are compared in. */
export function startOfTomorrow(now: Date = new Date()): string {
  const tomorrow = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
  );
  return tomorrow.toISOString().slice(0, 10);
}

/** Where a task shows today. */
export function viewOf(task: TaskRecord, now: Date = new Date()): TaskView {
  if (task.is_complete) return "archive";
  if (task.date === null) return "inbox";
  return task.date < startOfTomorrow(now) ? "inbox" : "future";
}

/** The task as the API answers it. */
export function presentTask(task: TaskRecord, now: Date = new Date()): Task {
  return { ...task, view: viewOf(task, now) };
}

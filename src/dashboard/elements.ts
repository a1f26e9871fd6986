// The ids of the dashboard's elements: the markup (components/) renders them and the client
// script (client/) finds them by them, so both read this one list.

/** Each element the client script reads or writes, by its `id`. */
export const ELEMENT = {
  token: "token",
  status: "status",
  source: "source",
  filter: "filter",
  replayDead: "replayDead",
  error: "error",
  incidents: "incidents",
  incidentsEmpty: "incidentsEmpty",
  rows: "rows",
  more: "more",
  replay: "replay",
  previewReplay: "previewReplay",
  changes: "changes",
  drafts: "drafts",
  oldDraft: "oldDraft",
  newDraft: "newDraft",
  detail: "detail",
} as const;

/** The `id` of one of the dashboard's elements. */
export type ElementId = (typeof ELEMENT)[keyof typeof ELEMENT];

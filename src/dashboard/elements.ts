// The ids of the console's elements: the markup (components/) renders them and the client
// script (client/) finds them by them, so both read this one list.

/** Each element the client script reads or writes, by its `id`. */
export const ELEMENT = {
  // The frame: sign-in, navigation, messages.
  signIn: "sign-in",
  signInForm: "sign-in-form",
  token: "token",
  signOut: "sign-out",
  app: "app",
  message: "message",
  // Overview.
  overviewIncidents: "overview-incidents",
  window24h: "window-24h",
  window7d: "window-7d",
  overviewRange: "overview-range",
  overviewCards: "overview-cards",
  outcomeChart: "outcome-chart",
  delayChart: "delay-chart",
  overviewSources: "overview-sources",
  overviewReasons: "overview-reasons",
  overviewUnrecorded: "overview-unrecorded",
  // Submissions.
  filterForm: "filter-form",
  filterStatus: "filter-status",
  filterSource: "filter-source",
  filterEmail: "filter-email",
  filterSince: "filter-since",
  filterUntil: "filter-until",
  filterError: "filter-error",
  filterClear: "filter-clear",
  liveRefresh: "live-refresh",
  listUpdated: "list-updated",
  listRows: "list-rows",
  pageNewer: "page-newer",
  pageOlder: "page-older",
  pageLabel: "page-label",
  // One submission.
  detailHeading: "detail-heading",
  detailSummary: "detail-summary",
  detailActions: "detail-actions",
  closeLink: "close-link",
  replay: "replay",
  previewReplay: "preview-replay",
  replayPreview: "replay-preview",
  replayChanges: "replay-changes",
  oldDraft: "old-draft",
  newDraft: "new-draft",
  erase: "erase",
  detailNotice: "detail-notice",
  timeline: "timeline",
  received: "received",
  draft: "draft",
  closeRequests: "close-requests",
  // Sources and Try it.
  sourcesList: "sources-list",
  tryForm: "try-form",
  trySource: "try-source",
  tryContentType: "try-content-type",
  tryBody: "try-body",
  tryClose: "try-close",
  tryExample: "try-example",
  tryResult: "try-result",
  // Dead letters.
  deadTotal: "dead-total",
  deadReport: "dead-report",
  deadGroups: "dead-groups",
} as const;

/** The `id` of one of the console's elements. */
export type ElementId = (typeof ELEMENT)[keyof typeof ELEMENT];

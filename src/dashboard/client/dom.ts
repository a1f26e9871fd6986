// Building the console's DOM: elements found by the ids the markup renders, and new elements
// made with their text as text (never parsed as markup), so that nothing the log holds can
// inject into the page.
import { ELEMENT, type ElementId } from "../elements.ts";

/** The element with `id`, typed as what it is; throws when the markup lacks it. */
export function find<T extends Element>(id: ElementId, type: abstract new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the console has no ${type.name} #${id}`);
  return element;
}

/** Every element the client reads or writes. */
export function findElements() {
  const byId =
    <T extends Element>(type: abstract new () => T) =>
    (id: ElementId) =>
      find(id, type);
  const any = byId(HTMLElement);
  const input = byId(HTMLInputElement);
  const button = byId(HTMLButtonElement);
  const select = byId(HTMLSelectElement);
  return {
    signIn: any(ELEMENT.signIn),
    signInForm: byId(HTMLFormElement)(ELEMENT.signInForm),
    token: input(ELEMENT.token),
    signOut: button(ELEMENT.signOut),
    app: any(ELEMENT.app),
    message: any(ELEMENT.message),
    overviewIncidents: any(ELEMENT.overviewIncidents),
    window24h: input(ELEMENT.window24h),
    window7d: input(ELEMENT.window7d),
    overviewRange: any(ELEMENT.overviewRange),
    overviewCards: any(ELEMENT.overviewCards),
    outcomeChart: any(ELEMENT.outcomeChart),
    delayChart: any(ELEMENT.delayChart),
    overviewSources: byId(HTMLTableSectionElement)(ELEMENT.overviewSources),
    overviewReasons: any(ELEMENT.overviewReasons),
    overviewUnrecorded: byId(HTMLTableSectionElement)(ELEMENT.overviewUnrecorded),
    filterForm: byId(HTMLFormElement)(ELEMENT.filterForm),
    filterStatus: select(ELEMENT.filterStatus),
    filterSource: select(ELEMENT.filterSource),
    filterEmail: input(ELEMENT.filterEmail),
    filterSince: input(ELEMENT.filterSince),
    filterUntil: input(ELEMENT.filterUntil),
    filterError: input(ELEMENT.filterError),
    filterClear: button(ELEMENT.filterClear),
    liveRefresh: input(ELEMENT.liveRefresh),
    listUpdated: any(ELEMENT.listUpdated),
    listRows: byId(HTMLTableSectionElement)(ELEMENT.listRows),
    pageNewer: button(ELEMENT.pageNewer),
    pageOlder: button(ELEMENT.pageOlder),
    pageLabel: any(ELEMENT.pageLabel),
    detailHeading: any(ELEMENT.detailHeading),
    detailSummary: any(ELEMENT.detailSummary),
    closeLink: byId(HTMLAnchorElement)(ELEMENT.closeLink),
    replay: button(ELEMENT.replay),
    previewReplay: button(ELEMENT.previewReplay),
    replayPreview: any(ELEMENT.replayPreview),
    replayChanges: any(ELEMENT.replayChanges),
    oldDraft: any(ELEMENT.oldDraft),
    newDraft: any(ELEMENT.newDraft),
    erase: button(ELEMENT.erase),
    detailNotice: any(ELEMENT.detailNotice),
    timeline: any(ELEMENT.timeline),
    received: any(ELEMENT.received),
    draft: any(ELEMENT.draft),
    closeRequests: any(ELEMENT.closeRequests),
    sourcesList: any(ELEMENT.sourcesList),
    tryForm: byId(HTMLFormElement)(ELEMENT.tryForm),
    trySource: select(ELEMENT.trySource),
    tryContentType: input(ELEMENT.tryContentType),
    tryBody: byId(HTMLTextAreaElement)(ELEMENT.tryBody),
    tryClose: input(ELEMENT.tryClose),
    tryExample: button(ELEMENT.tryExample),
    tryResult: any(ELEMENT.tryResult),
    deadTotal: any(ELEMENT.deadTotal),
    deadReport: any(ELEMENT.deadReport),
    deadGroups: any(ELEMENT.deadGroups),
  };
}

/** The page's elements, as `findElements` answers them. */
export type Elements = ReturnType<typeof findElements>;

/** What `h` puts inside an element: text (as text), elements, or nothing. */
export type Content = Node | string | number | null | undefined | false | Content[];

/** Attributes of `h`: strings, true for a bare attribute; false or undefined leave it out. */
type Attributes = Record<string, string | number | boolean | undefined>;

function append(parent: Element, content: Content): void {
  if (content === null || content === undefined || content === false) return;
  if (Array.isArray(content)) {
    for (const item of content) append(parent, item);
  } else if (content instanceof Node) {
    parent.append(content);
  } else {
    parent.append(String(content));
  }
}

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
}

/**
 * An HTML element with attributes and content, text always as text.
 *
 * @example
 * h("a", { href: "/admin" }, "Overview")
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...content: Content[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, content);
  return element;
}

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes and content (for the charts). */
export function svg(tag: string, attributes: Attributes = {}, ...content: Content[]): SVGElement {
  const element = document.createElementNS(SVG, tag) as SVGElement;
  setAttributes(element, attributes);
  append(element, content);
  return element;
}

/** Replaces an element's content. */
export function fill(parent: Element, ...content: Content[]): void {
  parent.replaceChildren();
  append(parent, content);
}

/** A row of table cells holding `cells` (text as text). */
export function row(...cells: Content[]): HTMLTableRowElement {
  return h("tr", {}, ...cells.map((cell) => h("td", {}, cell)));
}

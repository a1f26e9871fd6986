// The page's elements, found by the ids the markup renders.
import { ELEMENT, type ElementId } from "../elements.ts";

/** The element with `id`, typed as what it is; throws when the markup lacks it. */
function find<T extends HTMLElement>(id: ElementId, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the dashboard has no ${type.name} #${id}`);
  return element;
}

/** Every element the client reads or writes. */
export function findElements() {
  return {
    token: find(ELEMENT.token, HTMLInputElement),
    status: find(ELEMENT.status, HTMLSelectElement),
    source: find(ELEMENT.source, HTMLInputElement),
    filter: find(ELEMENT.filter, HTMLButtonElement),
    replayDead: find(ELEMENT.replayDead, HTMLButtonElement),
    error: find(ELEMENT.error, HTMLElement),
    incidents: find(ELEMENT.incidents, HTMLUListElement),
    incidentsEmpty: find(ELEMENT.incidentsEmpty, HTMLParagraphElement),
    rows: find(ELEMENT.rows, HTMLTableSectionElement),
    more: find(ELEMENT.more, HTMLButtonElement),
    replay: find(ELEMENT.replay, HTMLButtonElement),
    previewReplay: find(ELEMENT.previewReplay, HTMLButtonElement),
    changes: find(ELEMENT.changes, HTMLElement),
    drafts: find(ELEMENT.drafts, HTMLElement),
    oldDraft: find(ELEMENT.oldDraft, HTMLPreElement),
    newDraft: find(ELEMENT.newDraft, HTMLPreElement),
    detail: find(ELEMENT.detail, HTMLPreElement),
  };
}

/** The page's elements, as `findElements` answers them. */
export type Elements = ReturnType<typeof findElements>;

/** A table cell holding `text` as text (never as markup). */
export function buildCell(text: string | null | undefined): HTMLTableCellElement {
  const cell = document.createElement("td");
  cell.textContent = text ?? "";
  return cell;
}

/** A paragraph holding `text` as text, with an optional bold label before it. */
export function buildParagraph(text: string, label?: string): HTMLParagraphElement {
  const paragraph = document.createElement("p");
  if (label) {
    const strong = document.createElement("strong");
    strong.textContent = `${label} `;
    paragraph.append(strong);
  }
  paragraph.append(text);
  return paragraph;
}

// Building and changing note activities. Close keeps a note both as plain text (`note`) and
// as rich text (`note_html`); whichever one is sent, the other is derived from it.
import { generateId, ORGANIZATION_ID, USER_ID, USER_NAME } from "../ids.ts";
import type { NoteInput, NoteUpdate } from "../validate.ts";
import type { Note } from "./types.ts";

/** Builds a new note activity from validated input. */
export function buildNote(input: NoteInput, now: string): Note {
  const note = input.note ?? (input.note_html ? stripHtml(input.note_html) : "");
  return {
    id: generateId("acti"),
    _type: "Note",
    lead_id: input.lead_id,
    contact_id: input.contact_id,
    note,
    note_html: input.note_html ?? renderHtml(note),
    title: input.title,
    pinned: input.pinned,
    attachments: [],
    activity_at: input.activity_at ?? now,
    organization_id: ORGANIZATION_ID,
    user_id: USER_ID,
    user_name: USER_NAME,
    users: [],
    created_by: USER_ID,
    updated_by: USER_ID,
    created_by_name: USER_NAME,
    updated_by_name: USER_NAME,
    date_created: now,
    date_updated: now,
  };
}

/**
 * Applies a PUT: fields sent replace their values. Setting `note` or `note_html` overwrites the
 * other; when both are sent, `note_html` wins (Close's documented rule).
 */
export function updateNote(note: Note, input: NoteUpdate, now: string): Note {
  const updated: Note = {
    ...note,
    updated_by: USER_ID,
    updated_by_name: USER_NAME,
    date_updated: now,
  };
  if (input.note_html !== undefined && input.note_html !== null) {
    updated.note_html = input.note_html;
    updated.note = stripHtml(input.note_html);
  } else if (input.note !== undefined || input.note_html !== undefined) {
    updated.note = input.note ?? "";
    updated.note_html = renderHtml(updated.note);
  }
  if (input.contact_id !== undefined) updated.contact_id = input.contact_id;
  if (input.title !== undefined) updated.title = input.title;
  if (input.pinned !== undefined) updated.pinned = input.pinned ?? false;
  if (input.activity_at !== undefined && input.activity_at !== null) {
    updated.activity_at = input.activity_at;
  }
  return updated;
}

function renderHtml(text: string): string {
  const escaped = text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
  const paragraphs = escaped.split("\n").map((line) => `<p>${line}</p>`);
  return `<body>${paragraphs.join("")}</body>`;
}

function stripHtml(html: string): string {
  return html
    .replace(/<\/p>\s*<p>/g, "\n")
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<[^>]*>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .trim();
}

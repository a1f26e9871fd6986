// What the database tells the search index after each write to a lead or contact.
import type { Contact, LeadRecord } from "../records/types.ts";

/** One write: the object's new state, or null once it is deleted. */
export type ObjectChange =
  | { type: "contact"; id: string; body: Contact | null }
  | { type: "lead"; id: string; body: LeadRecord | null };

/** Receives every write of a store, inside the write's transaction. */
export type ChangeListener = (change: ObjectChange) => void;

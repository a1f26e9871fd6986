// What a provider registers: how its payload reads and, when it signs in its own way, how its
// signature is checked.
import type { SignatureScheme } from "../authenticate/types.ts";
import type { Preset } from "../extract/types.ts";

/** A sender with its own payload format, and its own signing rule when it has one. */
export type Provider = {
  /** Turns the sender's payload into answers; its name is the provider's key in the registry. */
  preset: Preset;
  /** Checks the sender's signature: a source's `auth` when it sets none (`type = "<key>"`). */
  signature?: SignatureScheme;
};

// What a provider registers: how its payload reads, when it signs in its own way how its
// signature is checked, and an example delivery.
import type { SignatureScheme } from "../authenticate/types.ts";
import type { Preset } from "../extract/types.ts";

/** A delivery to try a source with: its body as text and the content type it is sent as. */
export type SenderExample = { contentType: string; body: string };

/** A sender with its own payload format, and its own signing rule when it has one. */
export type Provider = {
  /** Turns the sender's payload into answers; its name is the provider's key in the registry. */
  preset: Preset;
  /** Checks the sender's signature: a source's `auth` when it sets none (`type = "<key>"`). */
  signature?: SignatureScheme;
  /** A delivery in the sender's shape, for trying a source (the console's Try it panel). */
  example: SenderExample;
};

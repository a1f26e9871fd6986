// The shapes every authentication check shares: the request as it arrived (raw body bytes,
// never re-serialized), and a verdict whose reason is for logs only.

/** A request as received, with its body as the exact bytes the sender signed. */
export type SignedRequest = { method: string; url: string; headers: Headers; body: Uint8Array };

/** A check's verdict; `reason` goes to logs only, never to the sender. */
export type AuthCheck = { ok: true } | { ok: false; reason: string };

/** The verdict of a check that passed. */
export const ACCEPTED: AuthCheck = { ok: true };

/** The verdict of a check that failed, with why (for logs; never a secret or a signature). */
export function refuse(reason: string): AuthCheck {
  return { ok: false, reason };
}

/** What a signature scheme is given: the request, the secret's value and the clock. */
export type SchemeInput = {
  request: SignedRequest;
  secret: string;
  /** Milliseconds since the epoch. */
  now: number;
  /** How far a signed timestamp may be from `now`, either way, in seconds. */
  toleranceS: number;
};

/** A sender's signing rule, checked over the raw body. */
export type SignatureScheme = (input: SchemeInput) => Promise<AuthCheck>;

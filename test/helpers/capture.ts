// Everything the bridge said during a test file: its log lines and its answers' bodies, kept
// so that test/setup/scan-secrets.ts can check that no secret ever appears in them.

type Captured = { lines: string[]; installed: boolean };
const store = globalThis as typeof globalThis & { __closeBridgeCaptured?: Captured };

if (!store.__closeBridgeCaptured) store.__closeBridgeCaptured = { lines: [], installed: false };

/** The captured log lines and answers (one list for the whole run of a test file). */
export const captured: Captured = store.__closeBridgeCaptured;

/** Keeps a copy of an answer's body and hands the answer back untouched. */
export async function recordAnswer(response: Response): Promise<Response> {
  captured.lines.push(
    `${response.status} ${[...response.headers].map(([k, v]) => `${k}: ${v}`).join("; ")} ${await response.clone().text()}`,
  );
  return response;
}

// Hex encoding by table lookup writes exactly what formatting each byte would, for any bytes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeHex, encodeHex } from "../../src/authenticate/bytes.ts";

/** The obvious hex encoding, byte by byte: what the table must reproduce. */
function formatHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const RUNS = { numRuns: 300 };

describe("encodeHex", () => {
  it("writes the same lowercase hex as formatting each byte, two digits per byte", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 128 }), (bytes) => {
        const hex = encodeHex(bytes);
        expect(hex).toBe(formatHex(bytes));
        expect(hex).toHaveLength(2 * bytes.length);
      }),
      RUNS,
    );
  });

  it("gives back the same bytes when its hex is decoded again", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 128 }), (bytes) => {
        expect(decodeHex(encodeHex(bytes))).toEqual(bytes);
      }),
      RUNS,
    );
  });
});

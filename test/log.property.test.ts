// The log's redaction masks exactly what its patterns mask: the pre-scan that skips texts without
// an `@` or a 7-digit run never skips one the patterns would change, and a log line is the
// fields with every string masked, between level and event and the time.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  applyRedactionPatterns,
  logEvent,
  mayHoldPersonalData,
  redactPersonalData,
} from "../src/log.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

// Texts built from what emails, phones, ids and dates are made of, Unicode spaces included, so
// that runs of digits, separators and `@` meet often.
const PIECES = [
  "0",
  "1",
  "4",
  "5",
  "9",
  "@",
  ".",
  "-",
  "+",
  "(",
  ")",
  " ",
  "\t",
  "\n",
  "\u00a0",
  "\u2003",
  "\u3000",
  "a",
  "Z",
  "x",
  "_",
  ":",
  "/",
  "é",
  "ada",
  "example.com",
  "415",
  "555",
  "0100",
  "2026-11-27",
  "T14:09",
  "+1",
  "00",
  "sub_01M8",
];
const text = fc.oneof(
  fc.string({ maxLength: 60, unit: fc.constantFrom(...PIECES) }),
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: "grapheme" }),
);

/** The log line's fields as the patterns alone would mask them (objects copied by entries). */
function maskedByPatterns(value: unknown, depth: number): unknown {
  if (typeof value === "string") return applyRedactionPatterns(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => maskedByPatterns(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, maskedByPatterns(item, depth + 1)]),
  );
}

describe("log redaction", () => {
  it("skips only texts the patterns leave unchanged", () => {
    fc.assert(
      fc.property(text, (sample) => {
        if (!mayHoldPersonalData(sample)) expect(applyRedactionPatterns(sample)).toBe(sample);
        expect(redactPersonalData(sample)).toBe(applyRedactionPatterns(sample));
      }),
      { numRuns: 5000 },
    );
  });

  it("skips ids, names and short numbers, and scans emails and phones", () => {
    const cases: [string, boolean][] = [
      ["sub_01M8ENC9JGDZ95AS7VJ48MN479", false],
      ["website", false],
      ["9f1c2e4a-7b3d-4e5f-8a9b-0c1d2e3f4a5b", false],
      ["after 3 attempts (503)", false],
      ["ada@example.com", true],
      ["+1 (415) 555-0100", true],
      ["0049\u00a030\u00a01234567", true],
      ["2026-11-27T14:09:24.836Z", true],
    ];
    for (const [sample, scanned] of cases) expect(mayHoldPersonalData(sample)).toBe(scanned);
  });

  it("writes a line of level, event, the masked fields and the time, whatever the field names", () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line);
    });
    const key = fc.oneof(
      fc.constantFrom("level", "event", "time", "__proto__", "constructor", "0", "12", "message"),
      fc.string({ maxLength: 8 }),
    );
    const fields = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 3 }),
        tie("object"),
      ),
      object: fc.dictionary(key, tie("value"), { maxKeys: 4 }),
    })).object as fc.Arbitrary<Record<string, unknown>>;
    fc.assert(
      fc.property(fields, (sample) => {
        lines.length = 0;
        logEvent("info", "x.y", sample);
        expect(lines).toHaveLength(1);
        const line = lines[0] as string;
        const { time } = JSON.parse(line) as { time: string };
        expect(line).toBe(
          JSON.stringify({
            level: "info",
            event: "x.y",
            ...(maskedByPatterns(sample, 0) as object),
            time,
          }),
        );
      }),
      { numRuns: 1000 },
    );
  });
});

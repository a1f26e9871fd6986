import { afterEach, describe, expect, it, vi } from "vitest";
import { logEvent, maskEmail, maskPhone, redactPersonalData } from "../src/log.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("logs never hold raw personal data", () => {
  it("masks emails and phones", () => {
    expect(maskEmail("ada.lovelace@example.com")).toBe("a***@example.com");
    expect(maskPhone("+14155550100")).toBe("+1***00");
  });

  it("masks them inside any text", () => {
    expect(redactPersonalData("Invalid email ada@example.com for +1 (415) 555-0100, id 42")).toBe(
      "Invalid email a***@example.com for +1***00, id 42",
    );
  });

  it("writes one JSON line per event with every string masked", () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line);
    });
    logEvent("info", "x", {
      message: "from ada@example.com",
      nested: { phones: ["0049 30 1234567"] },
      count: 3,
    });
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0] as string);
    expect(parsed).toMatchObject({
      level: "info",
      event: "x",
      message: "from a***@example.com",
      count: 3,
    });
    expect(parsed.nested.phones[0]).toBe("0***67");
  });

  it("keeps ids, dates and short numbers readable", () => {
    const text =
      "sub_01M8ENC9JGDZ95AS7VJ48MN479 at 2026-11-27T14:09:24.836Z after 3 attempts (503)";
    expect(redactPersonalData(text)).toBe(text);
  });
});

import { describe, expect, it } from "vitest";
import * as z from "../src/zod.ts";

describe("a deferred schema", () => {
  it("is built on its first use, once, and parses as the schema it stands for", () => {
    let builds = 0;
    const Email = z.deferred(() => {
      builds += 1;
      return z.looseObject({ email: z.email(), type: z.optional(z.string()) });
    });
    expect(builds).toBe(0);
    const Contact = z.object({ emails: z.array(Email) });
    expect(Contact.safeParse({ emails: [{ email: "ada@example.com", x: 1 }] })).toEqual({
      success: true,
      data: { emails: [{ email: "ada@example.com", x: 1 }] },
    });
    expect(Email.safeParse({ email: "not an email" }).success).toBe(false);
    expect(Object.keys(Email.shape)).toEqual(["email", "type"]);
    expect(builds).toBe(1);
  });
});

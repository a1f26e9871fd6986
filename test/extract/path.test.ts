import { describe, expect, it } from "vitest";
import { parsePath, scanPath } from "../../src/extract/path.ts";

describe("field paths", () => {
  it.each([
    ["email", ["email"]],
    ["contact.email", ["contact", "email"]],
    ["contact.emails[0]", ["contact", "emails", 0]],
    ['["First Name"]', ["First Name"]],
    ['data["a.b"].c', ["data", "a.b", "c"]],
    ['["say \\"hi\\""]', ['say "hi"']],
    ["First Name", ["First Name"]],
    ["q5_phone.full", ["q5_phone", "full"]],
    ["items[2][0]", ["items", 2, 0]],
  ])("reads %s", (path, segments) => {
    expect(scanPath(path)).toEqual({ segments });
    expect(parsePath(path)).toEqual(segments);
  });

  it.each([
    ["user..phone", "has two dots in a row"],
    [".email", "starts with a dot"],
    ["contact.email.", "ends with a dot"],
    ["items[x].id", 'has a "[" that is not [<number>] or ["<key>"]'],
    ["items]", 'has a "]" without its "["'],
    ["items[0]email", 'needs a dot before "email"'],
    ['["unclosed', 'has a "[" that is not [<number>] or ["<key>"]'],
  ])("names the mistake in %s", (path, problem) => {
    expect(scanPath(path).problem).toBe(problem);
  });

  it("still reads what it can of a misspelt path, so that nothing throws at run time", () => {
    expect(parsePath("user..phone")).toEqual(["user", "phone"]);
  });
});

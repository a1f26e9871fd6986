import { describe, expect, it } from "vitest";
import { editDistance, findClosest } from "../src/closest.ts";

describe("the closest known word", () => {
  it.each([
    ["defualt_country", ["default_country", "mode", "lead"], "default_country"],
    ["sha265", ["sha1", "sha256", "sha512"], "sha256"],
    ["typefrom", ["form", "typeform", "tally"], "typeform"],
    ["Mode", ["mode", "lead"], "mode"],
    ["allowed-origins", ["allowed_origins"], "allowed_origins"],
    ["b64", ["hex", "base64"], undefined],
    ["googleforms", ["form", "json", "typeform"], undefined],
  ])("for %s among %j is %s", (word, candidates, expected) => {
    expect(findClosest(word, candidates)).toBe(expected);
  });

  it.each([
    ["", "", 0],
    ["abc", "abc", 0],
    ["abc", "acb", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("counts %j to %j as %i edits", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

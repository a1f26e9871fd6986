// The kind of a Close request, as a refused permission names it: ids left out, the rest kept.
import { describe, expect, it } from "vitest";
import { requestKindOf } from "../../src/close/observe.ts";

describe("a Close request's kind", () => {
  it.each([
    ["POST", "/lead/", "POST /lead/"],
    ["PUT", "/lead/lead_4VbJkQ9/", "PUT /lead/{id}/"],
    ["put", "/contact/cont_x1/?_fields=id", "PUT /contact/{id}/"],
    ["POST", "/activity/custom/", "POST /activity/custom/"],
    ["GET", "/activity/note/?lead_id=lead_abc", "GET /activity/note/"],
    ["GET", "/me/", "GET /me/"],
  ])("%s %s is %s", (method, path, kind) => {
    expect(requestKindOf(method, path)).toBe(kind);
  });
});

// File upload answers as the URLs the sender hosts them at.
import type { Value } from "../../parse/body.ts";
import { textAt, textOf } from "./read.ts";

/** File upload values as their URLs: a URL, a list of URLs, or objects with a `url`. */
export function fileUrls(value: Value | undefined): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    const url = typeof item === "string" ? textOf(item) : textAt(item, "url");
    return url === undefined ? [] : [url];
  });
}

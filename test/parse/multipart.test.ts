import { describe, expect, it } from "vitest";
import { BridgeError } from "../../src/errors.ts";
import { parseMultipart } from "../../src/parse/multipart.ts";

/** The bytes and boundary a browser's FormData encodes to. */
async function encode(form: FormData) {
  const request = new Request("http://form.test/", { method: "POST", body: form });
  const boundary = /boundary=(.+)$/.exec(request.headers.get("content-type") ?? "")?.[1] ?? "";
  return { bytes: new Uint8Array(await request.arrayBuffer()), boundary };
}

describe("reading multipart/form-data", () => {
  it("reads what the runtime's FormData writes, as the runtime reads it back", async () => {
    const form = new FormData();
    form.append("name", "Zoë Ñúñez 李雷");
    form.append("email", "ada@example.com");
    form.append("empty", "");
    form.append("tags", "a");
    form.append("tags", "b");
    form.append('quote"d name', "multi\r\nline\r\n--not a boundary");
    form.append("emoji 🚀", "עברית 🚀");
    form.append("cv", new File(["file body"], "cv.txt", { type: "text/plain" }));
    const { bytes, boundary } = await encode(form);
    const ours = parseMultipart(bytes, boundary).map((p) => [p.name, p.filename ?? p.value]);
    const theirs = [
      ...(
        await new Response(bytes, {
          headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
        }).formData()
      ).entries(),
    ].map(([name, value]) => [name, typeof value === "string" ? value : value.name]);
    expect(ours).toEqual(theirs);
  });

  it("reads each value as its bytes decoded alone: a leading BOM dropped, a broken sequence one U+FFFD", () => {
    const values = [
      [0xef, 0xbb, 0xbf, 0x41], // a byte order mark, then "A"
      [0x41, 0xe2, 0x82], // "A", then a euro sign cut short
      [0xf0, 0x9f, 0x9a], // a rocket cut short, at the value's end
      [0xc3, 0xa9, 0xff, 0x42], // "é", a byte UTF-8 never uses, "B"
    ];
    const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
    const bytes = Uint8Array.from([
      ...values.flatMap((value, i) => [
        ...ascii(`--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n`),
        ...value,
        ...ascii("\r\n"),
      ]),
      ...ascii("--b--\r\n"),
    ]);
    expect(parseMultipart(bytes, "b").map((part) => part.value)).toEqual(
      values.map((value) => new TextDecoder().decode(Uint8Array.from(value))),
    );
  });

  it("never reads a file's content", async () => {
    const form = new FormData();
    form.append("cv", new File(["secret file body"], "cv.txt"));
    const { bytes, boundary } = await encode(form);
    expect(parseMultipart(bytes, boundary)).toEqual([
      { name: "cv", value: "", filename: "cv.txt" },
    ]);
  });

  it.each([
    ["no boundary in the body", "hello", "b", /never occurs/],
    [
      "an unterminated body",
      '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue',
      "b",
      /closing boundary/,
    ],
    [
      "headers that never end",
      '--b\r\nContent-Disposition: form-data; name="a"',
      "b",
      /headers never end/,
    ],
    [
      "a part without a name",
      "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
      "b",
      /no name/,
    ],
    [
      "a part that is not form-data",
      "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
      "b",
      /Content-Disposition/,
    ],
    ["garbage after a boundary", "--bXX", "b", /line break/],
  ])("refuses %s with 400", (_, body, boundary, problem) => {
    let thrown: unknown;
    try {
      parseMultipart(new TextEncoder().encode(body), boundary);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BridgeError);
    expect((thrown as BridgeError).code).toBe("malformed_body");
    expect((thrown as BridgeError).details?.[0]?.problem).toMatch(problem);
  });

  it("reads an empty form", () => {
    expect(parseMultipart(new TextEncoder().encode("--b--\r\n"), "b")).toEqual([]);
  });
});

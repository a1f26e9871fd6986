// What the log keeps of a submission for a replay: the exact bytes, the content type, the query
// string and the headers the stages read, never a credential or a signature.
import { describe, expect, it } from "vitest";
import { parseConfig, type Source } from "../../src/config/load.ts";
import {
  keepSenderInput,
  MAX_KEPT_BODY_BYTES,
  restoreSentRequest,
  SenderInput,
} from "../../src/parse/sender-input.ts";
import { keepInputOf } from "../../src/pipeline.ts";

function sent(bytes: Uint8Array, headers: Record<string, string> = {}) {
  return {
    bytes,
    contentType: "application/json; charset=utf-8",
    search: "?utm_source=ads",
    headers: new Headers(headers),
  };
}

function sourceOf(table: Record<string, unknown>): Source {
  const result = parseConfig({ SOURCES: { s: table } });
  const source = result.config?.sources.get("s");
  if (!source) throw new Error(JSON.stringify(result.ok ? [] : result.problems));
  return source;
}

describe("what the sender sent, as kept", () => {
  it.each([
    ["UTF-8 text", new TextEncoder().encode('{"name":"Zoë","email":"zoe@example.com"}')],
    ["text with a byte-order mark", new TextEncoder().encode('\uFEFF{"a":1}')],
    ["bytes that are not UTF-8", Uint8Array.from([0x7b, 0xff, 0xfe, 0x00, 0x7d])],
    ["an empty body", new Uint8Array()],
  ])("gives %s back byte for byte", (_, bytes) => {
    const kept = keepSenderInput(sent(bytes), []);
    if (!kept) throw new Error("not kept");
    const stored = SenderInput.parse(JSON.parse(JSON.stringify(kept)));
    const restored = restoreSentRequest(stored);
    expect([...restored.bytes]).toEqual([...bytes]);
    expect(restored.contentType).toBe("application/json; charset=utf-8");
    expect(restored.search).toBe("?utm_source=ads");
  });

  it("keeps only the headers named, never credentials or signatures", () => {
    const kept = keepInputOf(
      sent(new TextEncoder().encode("{}"), {
        authorization: "Bearer secret-token",
        "framer-signature": "sha256=abcd",
        "framer-webhook-submission-id": "sub-1",
        referer: "https://example.com/contact",
        cookie: "session=1",
      }),
      sourceOf({ preset: "framer" }),
    );
    expect(kept?.headers).toEqual({
      referer: "https://example.com/contact",
      "framer-webhook-submission-id": "sub-1",
    });
    expect(JSON.stringify(kept)).not.toMatch(/secret-token|abcd|session/);
  });

  it("keeps nothing of a body too large to keep, counted as stored", () => {
    const text = (length: number) => new TextEncoder().encode("a".repeat(length));
    expect(keepSenderInput(sent(text(MAX_KEPT_BODY_BYTES + 1)), [])).toBeUndefined();
    expect(keepSenderInput(sent(text(MAX_KEPT_BODY_BYTES - 1000)), [])).toBeDefined();
    // A small body of control characters is six times larger once stored as JSON text.
    const controls = new Uint8Array(MAX_KEPT_BODY_BYTES / 4).fill(1);
    expect(keepSenderInput(sent(controls), [])).toBeUndefined();
  });
});

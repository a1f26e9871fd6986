// Whatever a sender posts, a preset answers with a contact, `ignored`, or a 4xx naming the
// problem: never a TypeError (a 500). Each hostile body goes through every preset.
import { describe, expect, it } from "vitest";
import { PresetName } from "../../src/config/schema.ts";
import { BridgeError } from "../../src/errors.ts";
import { jsonDelivery, multipartDelivery, prepare, sourceFor } from "../helpers/pipeline.ts";

const TOKEN_AUTH = { type: "token", secret: "SOME_TOKEN", query: true };

// Strings are sent as raw text (see jsonDelivery); everything else as its JSON.
const HOSTILE_BODIES: unknown[] = [
  {},
  [],
  null,
  0,
  "text",
  true,
  // Raw JSON text: keys that name Object.prototype's members are only keys.
  '{"__proto__": {"email": "x@example.com"}, "constructor": {"prototype": 1}, "toString": 5}',
  '{"form_response": {"__proto__": {"answers": []}, "answers": [{"type": "hasOwnProperty", "field": {"id": "constructor"}}]}}',
  {
    event_type: "form_response",
    form_response: { answers: [null, 1, "a", { type: "constructor", field: {} }] },
  },
  {
    form_response: {
      answers: [{ type: "__proto__", field: { id: "x" } }],
      definition: { fields: [null] },
    },
  },
  { form_response: { hidden: "x", variables: [{ key: "k", type: "key" }], answers: {} } },
  {
    eventType: "FORM_RESPONSE",
    data: { fields: [null, { key: "k", type: "MATRIX", value: { r: 5 } }] },
  },
  {
    eventType: "FORM_RESPONSE",
    data: { fields: [{ key: "k", type: "MULTIPLE_CHOICE", value: [{}], options: 5 }] },
  },
  { triggerType: "form_submission", payload: { data: { a: { b: 1 } }, schema: [1, null] } },
  {
    event: "invitee.created",
    payload: { tracking: [1], questions_and_answers: [null, { question: {} }] },
  },
  {
    triggerEvent: "BOOKING_CREATED",
    payload: { attendees: [null], responses: { x: null, y: [] } },
  },
  {
    submission: {
      questions: [null, { id: 1 }, { id: "a", type: "Address", value: { x: {} } }],
      urlParameters: 3,
    },
  },
  { properties: { email: { versions: [] }, hs_object_id: {} }, vid: [] },
  {
    rawRequest: {
      q1_name: { first: {}, last: [] },
      q2_x: { year: "2026" },
      temp_upload: { q3_f: 1 },
    },
  },
  { type: { nested: true }, data: [[[]]] },
];

const PRESETS = PresetName.options;

function sourceOf(preset: (typeof PRESETS)[number]) {
  const needsAuth = ["form", "json", "jotform", "fillout"].includes(preset);
  return sourceFor(preset, needsAuth ? { auth: TOKEN_AUTH } : {});
}

async function outcomeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    const prepared = (await run()) as { kind: string };
    return prepared.kind;
  } catch (error) {
    if (error instanceof BridgeError && error.status < 500) return `refused ${error.code}`;
    throw error;
  }
}

describe("hostile bodies", () => {
  it.each(PRESETS)(
    "%s answers every hostile JSON body with a contact, ignored or a 4xx",
    async (preset) => {
      const source = sourceOf(preset);
      for (const body of HOSTILE_BODIES) {
        const outcome = await outcomeOf(() => prepare(jsonDelivery(body), source));
        expect(outcome).toMatch(/^(contact|ignored|refused (unmappable|malformed_body))$/);
      }
    },
  );

  it.each(PRESETS)(
    "%s answers hostile form fields with a contact, ignored or a 4xx",
    async (preset) => {
      const source = sourceOf(preset);
      const forms: Record<string, string>[] = [
        {},
        { rawRequest: "" },
        { rawRequest: "null" },
        { rawRequest: '{"q3_name":{"first":"A"},"q4_email":["x@example.com"]}', pretty: ":, :" },
        { pretty: "Name:A, , :x", submissionID: "1" },
      ];
      for (const fields of forms) {
        const delivery = await multipartDelivery(fields);
        const outcome = await outcomeOf(() => prepare(delivery, source));
        expect(outcome).toMatch(/^(contact|ignored|refused (unmappable|malformed_body))$/);
      }
    },
  );
});

// Writes (or with --check, verifies) src/map/phone-metadata.json: libphonenumber-js's `min`
// metadata without what only formatting reads (each country's number formats, its national
// prefix formatting rule and whether that prefix is optional when formatting). Parsing,
// validation and E.164 read none of them, so the bridge reads every number as the full `min`
// metadata does (test/map/phone.test.ts proves it for every country) at half the size.
// Run `npm run phone-metadata` after updating libphonenumber-js.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const TARGET = "src/map/phone-metadata.json";

/** Where compressed metadata keeps formatting-only data, per country (metadata.js, v4). */
const FORMATTING_ONLY = [
  4, // number formats
  6, // national prefix formatting rule
  9, // national prefix is optional when formatting
];

type Compressed = {
  countries: Record<string, unknown[]>;
  nonGeographic?: Record<string, unknown[]>;
  [key: string]: unknown;
};

function trim(metadata: Compressed): Compressed {
  const strip = (plans: Record<string, unknown[]> = {}) =>
    Object.fromEntries(
      Object.entries(plans).map(([code, plan]) => [
        code,
        plan.map((value, index) => (FORMATTING_ONLY.includes(index) ? 0 : value)),
      ]),
    );
  return {
    ...metadata,
    countries: strip(metadata.countries),
    ...(metadata.nonGeographic ? { nonGeographic: strip(metadata.nonGeographic) } : {}),
  };
}

const require = createRequire(import.meta.url);
const source = require("libphonenumber-js/metadata.min.json") as Compressed;
const text = `${JSON.stringify(trim(source))}\n`;
if (process.argv.includes("--check")) {
  if (readFileSync(TARGET, "utf8") !== text) {
    console.error(
      `${TARGET} is not what libphonenumber-js's metadata gives: run \`npm run phone-metadata\` and commit it.`,
    );
    process.exit(1);
  }
} else {
  writeFileSync(TARGET, text);
  console.log(`wrote ${TARGET} (${text.length} bytes)`);
}

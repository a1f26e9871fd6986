// Every fixture of test/fixtures as the bridge receives it (bytes, content type, headers),
// with the source it is sent to: the shipped `website` and `zapier` sources, and a source
// with nothing but its preset for each provider.
import { readdirSync, readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { parseConfig, type Source } from "../src/config/load.ts";
import type { RawSubmission } from "../src/pipeline.ts";

/** One fixture, ready for the pure stages. */
export type BenchFixture = { name: string; source: Source; raw: RawSubmission; text: string };

const FIXTURES = "test/fixtures";
const TOKEN_ONLY = new Set(["jotform", "fillout"]);

function sourcesOf(vars: Record<string, unknown>): ReadonlyMap<string, Source> {
  const result = parseConfig(vars);
  if (!result.ok) throw new Error(`bench sources: ${JSON.stringify(result.problems)}`);
  return result.config.sources;
}

function raw(text: string, contentType: string): RawSubmission {
  return { bytes: new TextEncoder().encode(text), contentType, search: "", headers: new Headers() };
}

async function multipart(
  fields: Record<string, string>,
): Promise<{ raw: RawSubmission; text: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request("http://sender.test/", { method: "POST", body: form });
  const bytes = new Uint8Array(await request.arrayBuffer());
  return {
    raw: {
      bytes,
      contentType: request.headers.get("content-type"),
      search: "",
      headers: new Headers(),
    },
    text: JSON.stringify(fields),
  };
}

/** Loads every fixture with its source. */
export async function loadFixtures(): Promise<BenchFixture[]> {
  const shipped = sourcesOf(
    (parseToml(readFileSync("wrangler.toml", "utf8")) as { vars: Record<string, unknown> }).vars,
  );
  const website = shipped.get("website");
  const zapier = shipped.get("zapier");
  if (!website || !zapier) throw new Error("wrangler.toml lost its website or zapier source");
  const form = readFileSync(`${FIXTURES}/website/contact-form.txt`, "utf8");
  const zapierJson = readFileSync(`${FIXTURES}/zapier/contact.json`, "utf8");
  const fixtures: BenchFixture[] = [
    // The form's JSON twin (the same fields) is what its JSON.parse baseline parses.
    {
      name: "website (form)",
      source: website,
      raw: raw(form, "application/x-www-form-urlencoded"),
      text: JSON.stringify(Object.fromEntries(new URLSearchParams(form))),
    },
    {
      name: "zapier (json)",
      source: zapier,
      raw: raw(zapierJson, "application/json"),
      text: zapierJson,
    },
  ];
  for (const provider of readdirSync(FIXTURES).sort()) {
    if (provider === "website" || provider === "zapier") continue;
    const source = sourcesOf({
      SOURCES: {
        [provider]: {
          preset: provider,
          ...(TOKEN_ONLY.has(provider) ? { auth: { type: "token", secret: "T" } } : {}),
        },
      },
    }).get(provider) as Source;
    for (const file of readdirSync(`${FIXTURES}/${provider}`).sort()) {
      if (file.endsWith(".expected.json")) continue;
      const path = `${FIXTURES}/${provider}/${file}`;
      if (file.endsWith(".fields.json")) {
        const { rawRequest, ...fields } = JSON.parse(readFileSync(path, "utf8")) as Record<
          string,
          unknown
        >;
        const body = await multipart({
          ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
          rawRequest: JSON.stringify(rawRequest),
        });
        fixtures.push({
          name: `${provider}/${file.replace(".fields.json", "")} (multipart)`,
          source,
          ...body,
        });
      } else if (file.endsWith(".json")) {
        const text = readFileSync(path, "utf8");
        fixtures.push({
          name: `${provider}/${file.replace(".json", "")}`,
          source,
          raw: raw(text, "application/json"),
          text,
        });
      }
    }
  }
  return fixtures;
}

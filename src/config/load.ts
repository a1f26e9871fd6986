// Reads the configuration from the Worker's bindings once per isolate, resolves each source's
// defaults, and checks that every secret it names is set. A bad configuration is reported as
// problems naming the source, the key and what is wrong, never thrown at a sender as a 500.
import { BridgeError, type ErrorDetail } from "../errors.ts";
import { presetSignature } from "../providers/registry.ts";
import type * as z from "../zod.ts";
import { type AuthConfig, type SourceConfig as SourceConfigSchema, VarsConfig } from "./schema.ts";

/** A source with its defaults resolved and its name attached. */
export type Source = Omit<z.infer<typeof SourceConfigSchema>, "auth"> & {
  name: string;
  auth: AuthConfig;
};

/** The whole parsed configuration. */
export type BridgeConfig = Omit<VarsConfig, "SOURCES"> & {
  sources: ReadonlyMap<string, Source>;
};

/** One configuration mistake: where (source and key) and what. */
export type ConfigProblem = ErrorDetail;

/** The outcome of reading the configuration. */
export type ConfigResult =
  | { ok: true; config: BridgeConfig }
  | { ok: false; problems: ConfigProblem[] };

/** The default name of a source's signing secret: `cal_com` signs with `CAL_COM_SECRET`. */
export function defaultSecretName(sourceName: string): string {
  return `${sourceName.toUpperCase().replace(/-/g, "_")}_SECRET`;
}

function resolveAuth(sourceName: string, source: z.infer<typeof SourceConfigSchema>): AuthConfig {
  if (source.auth) return source.auth;
  const scheme = presetSignature(source.preset);
  if (scheme === undefined) return { type: "none" };
  return { type: scheme, secret: defaultSecretName(sourceName), tolerance_s: 300 };
}

function toProblems(error: z.core.$ZodError): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => locate([...path, key], "is not a known option"));
    }
    if (issue.code === "invalid_key") {
      return [locate(path, "must be lowercase letters, digits, - and _ (at most 64)")];
    }
    return [locate(path, issue.message)];
  });
}

/** Names a problem by source and key: `SOURCES.website.auth.secret` is source "website", key "auth.secret". */
function locate(path: string[], problem: string): ConfigProblem {
  const [top, sourceName, ...rest] = path;
  if (top === "SOURCES" && sourceName !== undefined) {
    return { source: sourceName, field: rest.join(".") || "(source)", problem };
  }
  return { field: path.join(".") || "(vars)", problem };
}

/** Parses `[vars]` (as wrangler.toml or the Worker's env holds them) with the one schema. */
export function parseConfig(vars: Record<string, unknown>): ConfigResult {
  let sources = vars.SOURCES;
  if (typeof sources === "string") {
    try {
      sources = JSON.parse(sources);
    } catch {
      return { ok: false, problems: [{ field: "SOURCES", problem: "is not valid JSON" }] };
    }
  }
  const parsed = VarsConfig.safeParse({ ...vars, SOURCES: sources });
  if (!parsed.success) return { ok: false, problems: toProblems(parsed.error) };
  const { SOURCES, ...rest } = parsed.data;
  const resolved = new Map<string, Source>();
  for (const [name, source] of Object.entries(SOURCES)) {
    resolved.set(name, { ...source, name, auth: resolveAuth(name, source) });
  }
  return { ok: true, config: { ...rest, sources: resolved } };
}

/** The secrets a source cannot work without. */
export function secretsOf(source: Source): string[] {
  const names: string[] = [];
  if ("secret" in source.auth) names.push(source.auth.secret);
  if (source.turnstile) names.push("TURNSTILE_SECRET");
  return names;
}

/** Lists every secret the configuration names that `secrets` does not hold. */
export function findMissingSecrets(
  config: BridgeConfig,
  secrets: Record<string, unknown>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!isSet(secrets.CLOSE_API_KEY)) {
    problems.push({ field: "CLOSE_API_KEY", problem: "the secret is not set" });
  }
  for (const source of config.sources.values()) {
    for (const name of secretsOf(source)) {
      if (!isSet(secrets[name])) {
        problems.push({
          source: source.name,
          field: name === "TURNSTILE_SECRET" ? "turnstile" : "auth.secret",
          problem: `the secret ${name} is not set`,
        });
      }
    }
  }
  return problems;
}

function isSet(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

const loaded = new WeakMap<object, ConfigResult>();

/** The configuration of this isolate: parsed on first use, then reused for every request. */
export function loadConfig(env: Env): ConfigResult {
  let result = loaded.get(env);
  if (result === undefined) {
    const bindings = env as unknown as Record<string, unknown>;
    result = parseConfig(bindings);
    if (result.ok) {
      const missing = findMissingSecrets(result.config, bindings);
      if (missing.length > 0) result = { ok: false, problems: missing };
    }
    loaded.set(env, result);
  }
  return result;
}

/** The configuration, or a `config_invalid` error that names every problem. */
export function requireConfig(env: Env): BridgeConfig {
  const result = loadConfig(env);
  if (result.ok) return result.config;
  const first = result.problems[0];
  const where = first?.source ? `source "${first.source}", ${first.field}` : first?.field;
  throw new BridgeError(
    "config_invalid",
    `The bridge's configuration is invalid (${where}: ${first?.problem}). Fix wrangler.toml or the secrets and deploy again.`,
    { details: result.problems },
  );
}

/** Reads a secret by the name the configuration gives it. */
export function readSecret(env: Env, name: string): string {
  const value = (env as unknown as Record<string, unknown>)[name];
  return typeof value === "string" ? value : "";
}

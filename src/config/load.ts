// Reads the configuration from the Worker's bindings once per isolate, resolves each source's
// defaults, and checks that every secret and binding it names is set. Problems are kept per
// source: a broken source is refused on its own while the others keep working, and only a
// problem of the whole (its [vars], CLOSE_API_KEY) stops every source. A bad configuration is
// reported as problems naming the source, the key and what to do, never thrown at a sender.
import { BridgeError, type ErrorDetail } from "../errors.ts";
import { logEvent } from "../log.ts";
import { presetSignature } from "../providers/registry.ts";
import type * as z from "../zod.ts";
import { describeIssues } from "./problems.ts";
import {
  type AuthConfig,
  BridgeVars,
  readErrorRedirect,
  SourceConfig,
  SourceName,
  SourcesTable,
} from "./schema.ts";

/** A source with its defaults resolved and its name attached. */
export type Source = Omit<z.infer<typeof SourceConfig>, "auth"> & {
  name: string;
  auth: AuthConfig;
};

/** One configuration mistake: where (source and key) and what. */
export type ConfigProblem = ErrorDetail;

/** A source whose table, secret or binding is wrong: refused (503) until it is fixed. */
export type BrokenSource = {
  name: string;
  problems: ConfigProblem[];
  /** Its own `error_redirect`, when its table has a usable one: browser forms still go there. */
  errorRedirect?: string;
};

/** The parsed configuration: the working sources, and the broken ones with their problems. */
export type BridgeConfig = BridgeVars & {
  sources: ReadonlyMap<string, Source>;
  broken: ReadonlyMap<string, BrokenSource>;
  /** Problems of the whole (a missing CLOSE_API_KEY): while there are any, no source works. */
  problems: readonly ConfigProblem[];
};

/**
 * The outcome of reading the configuration: `ok` when nothing is wrong. Otherwise `problems`
 * lists every mistake, and `config` is there whenever the sources could be read (so that an
 * unknown source is still told apart from a broken one); without it nothing can work.
 */
export type ConfigResult =
  | { ok: true; config: BridgeConfig }
  | { ok: false; problems: ConfigProblem[]; config?: BridgeConfig };

/** The default name of a source's signing secret: `cal_com` signs with `CAL_COM_SECRET`. */
export function defaultSecretName(sourceName: string): string {
  return `${sourceName.toUpperCase().replace(/-/g, "_")}_SECRET`;
}

function resolveAuth(sourceName: string, source: z.infer<typeof SourceConfig>): AuthConfig {
  if (source.auth) return source.auth;
  const scheme = presetSignature(source.preset);
  if (scheme === undefined) return { type: "none" };
  return { type: scheme, secret: defaultSecretName(sourceName), tolerance_s: 300 };
}

/** Reads one `[vars.SOURCES.<name>]` table: a working source, or its problems. */
function parseSource(name: string, table: unknown): Source | ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!SourceName.safeParse(name).success) {
    problems.push({
      source: name,
      field: "(source)",
      problem: "the name must be lowercase letters, digits, - and _ (at most 64)",
    });
  }
  const parsed = SourceConfig.safeParse(table);
  if (!parsed.success) {
    for (const { path, problem } of describeIssues(parsed.error, table, SourceConfig)) {
      problems.push({ source: name, field: path.join(".") || "(source)", problem });
    }
  }
  if (!parsed.success || problems.length > 0) return problems;
  return { ...parsed.data, name, auth: resolveAuth(name, parsed.data) };
}

/** Parses `[vars]` (as wrangler.toml or the Worker's env holds them), each source on its own. */
export function parseConfig(vars: Record<string, unknown>): ConfigResult {
  const problems: ConfigProblem[] = [];
  const globals = BridgeVars.safeParse(vars);
  if (!globals.success) {
    for (const { path, problem } of describeIssues(globals.error, vars, BridgeVars)) {
      problems.push({ field: path.join(".") || "(vars)", problem });
    }
  }
  let table = vars.SOURCES;
  if (typeof table === "string") {
    try {
      table = JSON.parse(table);
    } catch {
      problems.push({ field: "SOURCES", problem: "is not valid JSON" });
    }
  }
  const tables = SourcesTable.safeParse(table);
  if (!tables.success && problems.length === 0) {
    problems.push({ field: "SOURCES", problem: "must be a table of sources" });
  }
  if (!globals.success || !tables.success || problems.length > 0) return { ok: false, problems };

  const sources = new Map<string, Source>();
  const broken = new Map<string, BrokenSource>();
  for (const [name, sourceTable] of Object.entries(tables.data)) {
    const parsed = parseSource(name, sourceTable);
    if (Array.isArray(parsed)) broken.set(name, brokenSource(name, sourceTable, parsed));
    else sources.set(name, parsed);
  }
  return withProblems({ ...globals.data, sources, broken, problems: [] }, []);
}

function brokenSource(name: string, table: unknown, problems: ConfigProblem[]): BrokenSource {
  const errorRedirect = readErrorRedirect(table);
  return { name, problems, ...(errorRedirect ? { errorRedirect } : {}) };
}

/** Every problem of a configuration: those of the whole first, then each broken source's. */
function allProblems(config: BridgeConfig): ConfigProblem[] {
  return [...config.problems, ...[...config.broken.values()].flatMap((source) => source.problems)];
}

/**
 * Adds problems found after parsing (secrets, bindings): a source's problem breaks that source,
 * any other problem the whole configuration.
 */
function withProblems(config: BridgeConfig, found: ConfigProblem[]): ConfigResult {
  const sources = new Map(config.sources);
  const broken = new Map(config.broken);
  for (const problem of found) {
    if (problem.source === undefined) continue;
    const source = sources.get(problem.source);
    const earlier = broken.get(problem.source);
    const errorRedirect = earlier?.errorRedirect ?? source?.error_redirect;
    sources.delete(problem.source);
    broken.set(problem.source, {
      name: problem.source,
      problems: [...(earlier?.problems ?? []), problem],
      ...(errorRedirect ? { errorRedirect } : {}),
    });
  }
  const global = found.filter((problem) => problem.source === undefined);
  const updated: BridgeConfig = {
    ...config,
    sources,
    broken,
    problems: [...config.problems, ...global],
  };
  const problems = allProblems(updated);
  return problems.length === 0
    ? { ok: true, config: updated }
    : { ok: false, problems, config: updated };
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

/**
 * Lists every source whose `rate_limit` names a binding that `hasBinding` does not know (the
 * Worker's env at run time, wrangler.toml's `[[ratelimits]]` in `npm run check`).
 */
export function findMissingBindings(
  config: BridgeConfig,
  hasBinding: (name: string) => boolean,
  where = "wrangler.toml",
): ConfigProblem[] {
  return [...config.sources.values()]
    .filter((source) => source.rate_limit !== undefined && !hasBinding(source.rate_limit))
    .map((source) => ({
      source: source.name,
      field: "rate_limit",
      problem: `no [[ratelimits]] binding named ${source.rate_limit} in ${where}`,
    }));
}

/**
 * Checks a parsed configuration against what exists besides wrangler.toml's [vars]: the secrets
 * and the rate-limiting bindings. A source missing one is broken; CLOSE_API_KEY breaks all.
 */
export function checkConfig(
  result: ConfigResult,
  secrets: Record<string, unknown>,
  hasBinding: (name: string) => boolean,
  where?: string,
): ConfigResult {
  if (!result.config) return result;
  return withProblems(result.config, [
    ...findMissingSecrets(result.config, secrets),
    ...findMissingBindings(result.config, hasBinding, where),
  ]);
}

const loaded = new WeakMap<object, ConfigResult>();

/** The configuration of this isolate: parsed on first use, then reused for every request. */
export function loadConfig(env: Env): ConfigResult {
  let result = loaded.get(env);
  if (result === undefined) {
    const bindings = env as unknown as Record<string, unknown>;
    result = checkConfig(parseConfig(bindings), bindings, (name) => {
      const binding = bindings[name] as { limit?: unknown } | undefined;
      return typeof binding?.limit === "function";
    });
    loaded.set(env, result);
  }
  return result;
}

/** What a caller is told when the configuration stops a request: nothing of what is wrong. */
export const CONFIG_INVALID_MESSAGE =
  "This endpoint cannot take submissions right now: its configuration needs fixing. Please try again later.";

/**
 * The configuration (its working sources, and the broken ones), or a generic `config_invalid`
 * when it cannot be read at all. What is wrong goes to the log, never to the caller.
 */
export function requireConfig(env: Env, requestId?: string): BridgeConfig {
  const result = loadConfig(env);
  if (result.config) return result.config;
  logEvent("error", "config.invalid", {
    ...(requestId ? { request_id: requestId } : {}),
    problems: result.ok ? [] : result.problems,
  });
  throw new BridgeError("config_invalid", CONFIG_INVALID_MESSAGE);
}

/**
 * A source that can take submissions now: undefined when there is none by that name (404);
 * a generic `config_invalid` (503, the problems logged) when it or the whole configuration is
 * broken.
 */
export function requireSource(
  config: BridgeConfig,
  name: string,
  requestId?: string,
): Source | undefined {
  const source = config.sources.get(name);
  const broken = config.broken.get(name);
  if (source === undefined && broken === undefined) return undefined;
  if (source !== undefined && config.problems.length === 0) return source;
  logEvent("error", "config.invalid", {
    ...(requestId ? { request_id: requestId } : {}),
    source: name,
    problems: [...config.problems, ...(broken?.problems ?? [])],
  });
  throw new BridgeError("config_invalid", CONFIG_INVALID_MESSAGE);
}

/** Reads a secret by the name the configuration gives it. */
export function readSecret(env: Env, name: string): string {
  const value = (env as unknown as Record<string, unknown>)[name];
  return typeof value === "string" ? value : "";
}

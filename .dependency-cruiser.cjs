// The dependency rule of close-bridge (`npm run check`): no import cycle, and every import
// points down the layers: leaves -> pure stages and registries -> config -> edges -> app ->
// index. Type-only imports count (`tsPreCompilationDeps`).

/**
 * The layers of src/, lowest first, as path patterns: a module imports only its own layer or
 * lower ones. The coarse layers are split further (parse before validate before extract before
 * map, close and store before deliver before receive before routes), so that no two folders
 * import each other either.
 */
const LAYERS = [
  // Leaves: imported by anything, importing nothing of ours.
  {
    name: "leaves",
    paths: [
      "^src/(errors|log|ids|zod|version|closest|stats|memo)\\.ts$",
      "^src/authenticate/(types|bytes|hmac|timestamp|header-name)\\.ts$",
    ],
  },
  // Pure stages and the registries: data in, data out.
  { name: "signature schemes", paths: ["^src/authenticate/schemes/"] },
  { name: "parse", paths: ["^src/parse/"] },
  { name: "validate", paths: ["^src/validate/"] },
  { name: "extract", paths: ["^src/extract/"] },
  { name: "map", paths: ["^src/map/"] },
  { name: "providers", paths: ["^src/providers/"] },
  // Configuration: composes the stages' and registries' option schemas.
  { name: "config", paths: ["^src/config/"] },
  // Edges: I/O, requests, Close, D1, queues.
  {
    name: "edge primitives",
    paths: [
      "^src/(close|store)/",
      "^src/authenticate/(admin-token|compare|credentials|origin|signatures|turnstile)\\.ts$",
      "^src/(app-env|pipeline|phone-metadata)\\.ts$",
    ],
  },
  // Incidents and their alerts: below deliveries and ingest, which report to them.
  { name: "alerts", paths: ["^src/alerts/"] },
  { name: "incidents", paths: ["^src/incidents/"] },
  { name: "deliver", paths: ["^src/deliver/"] },
  { name: "receive", paths: ["^src/receive/"] },
  { name: "routes", paths: ["^src/(routes|dashboard)/"] },
  // The Worker: the app, then its entry point.
  { name: "app", paths: ["^src/app\\.ts$"] },
  { name: "index", paths: ["^src/index\\.ts$"] },
];

/** One rule per layer: nothing in it imports a module of a layer above it. */
const upwardRules = LAYERS.slice(0, -1).map((layer, at) => ({
  name: `no-upward-from-${layer.name.replaceAll(" ", "-")}`,
  comment: `${layer.name} import only their own layer or lower ones`,
  severity: "error",
  from: { path: layer.paths },
  to: { path: LAYERS.slice(at + 1).flatMap((above) => above.paths) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      comment: "an import cycle, type imports included, is a knot a reader must untie",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-unlayered",
      comment: "every module of src/ belongs to a layer: add a new folder to LAYERS",
      severity: "error",
      from: { path: "^src/", pathNot: LAYERS.flatMap((layer) => layer.paths) },
      to: {},
    },
    {
      name: "no-route-imports-route",
      comment: "routes are thin, one file per endpoint, and no route imports another",
      severity: "error",
      from: { path: "^src/routes/([^/]+)\\.tsx?$" },
      to: { path: "^src/routes/", pathNot: "^src/routes/$1\\.tsx?$" },
    },
    {
      name: "no-server-code-in-the-browser",
      comment:
        "the dashboard's client script runs in the browser: it imports only its own modules, the element ids, the page paths and the overview's shape",
      severity: "error",
      from: { path: "^src/dashboard/client/" },
      to: {
        pathNot: [
          "^src/dashboard/client/",
          "^src/dashboard/(elements|pages)\\.ts$",
          "^src/stats\\.ts$",
        ],
      },
    },
    {
      name: "no-imports-in-dashboard-shared",
      comment:
        "the element ids and page paths are read by the browser script too: they import nothing",
      severity: "error",
      from: { path: "^src/dashboard/(elements|pages)\\.ts$" },
      to: {},
    },
    {
      name: "no-sim-to-bridge",
      comment: "the simulator is its own Worker: it shares no module with the bridge",
      severity: "error",
      from: { path: "^sim/src/" },
      to: { path: "^src/" },
    },
    ...upwardRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.d\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    moduleSystems: ["es6"],
  },
};

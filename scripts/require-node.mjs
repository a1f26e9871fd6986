// Fails fast when a script runs on a Node.js older than the project's pinned runtime (the
// `node` devDependency puts Node 22 first on PATH for npm scripts and npx).
const MINIMUM_MAJOR = 22;
const major = Number(process.versions.node.split(".")[0]);
if (major < MINIMUM_MAJOR) {
  console.error(
    `close-bridge needs Node.js ${MINIMUM_MAJOR} or newer; this is ${process.version}. ` +
      "Run it through npm scripts or npx after `npm ci`, which put the pinned Node first on PATH.",
  );
  process.exit(1);
}

// `npm run dev`: the bridge, the Close simulator and the example form on this machine, with
// no Close account needed. Ctrl-C stops all three.
import { ensureDevVars, startDevServers } from "./dev-servers.ts";

if (ensureDevVars()) console.log("Created .dev.vars from .dev.vars.example.");

const servers = await startDevServers({ onOutput: (line) => console.log(line) }).catch(
  (error: unknown) => {
    console.error(`close-bridge dev servers failed to start: ${String(error)}`);
    process.exit(1);
  },
);
const { bridge, simulator, examples } = servers.urls;
console.log(`
close-bridge is running:
  bridge          ${bridge}        (GET ${bridge}/v1/health)
  Close simulator ${simulator}     (what it stored: ${simulator}/__sim/contacts)
                                            (alerts it received: ${simulator}/__sim/alerts)
  example form    ${examples}/contact-form.html

Try it:
  curl -X POST ${bridge}/v1/hooks/website -H 'Accept: application/json' -H 'Origin: ${examples}' \\
    --data-urlencode 'name=Ada Lovelace' --data-urlencode 'email=ada@example.com' \\
    --data-urlencode 'phone=(415) 555-0100' --data-urlencode 'company=Analytical Engines' \\
    --data-urlencode 'message=Call me'

Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping...");
    void servers.stop().then(() => process.exit(0));
  });
}

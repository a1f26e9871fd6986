// Starts the dev servers (`npm run dev`'s bridge, simulator and example pages) once for the
// end-to-end tests, with the development secrets of .dev.vars.example, and stops them after.
import { readFileSync } from "node:fs";
import {
  DEV_PORTS,
  type DevServers,
  isPortTaken,
  startDevServers,
} from "../../scripts/dev-servers.ts";
import { secretLeaks, secretsOf, unmaskedEmails } from "../helpers/secrets.ts";

export default async function setup(): Promise<() => Promise<void>> {
  for (const port of Object.values(DEV_PORTS)) {
    if (await isPortTaken(port)) {
      throw new Error(
        `Port ${port} is in use: stop \`npm run dev\` (or whatever holds it) before the end-to-end tests.`,
      );
    }
  }
  const output: string[] = [];
  let servers: DevServers;
  try {
    servers = await startDevServers({
      secretsFile: ".dev.vars.example",
      onOutput: (line) => output.push(line),
    });
  } catch (error) {
    console.error(output.slice(-40).join("\n"));
    throw error;
  }
  return async () => {
    await servers.stop();
    // What the dev servers printed (the Workers' logs and wrangler's own lines) is held to the
    // same rule as the bridge's logs in the workerd tests: no secret, no readable email.
    // Left out: wrangler's table of the simulator's own variables, which lists the keys the
    // simulator accepts (its configuration, as Close's would be) when it starts.
    const printed = output.filter(
      (line) => !(line.startsWith("[sim]") && line.includes("Environment Variable")),
    );
    const problems = [
      ...secretLeaks(printed, secretsOf(readFileSync(".dev.vars.example", "utf8"))),
      ...unmaskedEmails(printed).map((line) => `unmasked email in: ${line}`),
    ];
    if (problems.length > 0) {
      throw new Error(`The dev servers' output leaks:\n${problems.join("\n")}`);
    }
  };
}

// The bridge's version, from package.json, for /v1/health and logs.
import pkg from "../package.json" with { type: "json" };

/** The version of close-bridge this Worker runs. */
export const VERSION: string = pkg.version;

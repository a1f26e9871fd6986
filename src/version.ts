// The bridge's version, from package.json, for /v1/health and logs.
import { version } from "../package.json";

/** The version of close-bridge this Worker runs. */
export const VERSION: string = version;

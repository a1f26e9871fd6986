// The phone-metadata benchmark's Worker: in a fresh isolate, what the first request that maps a
// submission pays to load the phone metadata (src/phone-metadata.ts: the ASSETS fetch, the JSON
// parse, the shape check and install), then the mean of further loads of the same isolate.
import { uninstallPhoneMetadata } from "../../src/map/phone.ts";
import { loadPhoneMetadata } from "../../src/phone-metadata.ts";

/** Loads after the first, for a figure finer than workerd's whole milliseconds. */
const REPEATS = 20;

export default {
  async fetch(_request: Request, env: { ASSETS: Fetcher }): Promise<Response> {
    const started = performance.now();
    await loadPhoneMetadata(env);
    const firstMs = performance.now() - started;
    const again = performance.now();
    for (let i = 0; i < REPEATS; i++) {
      uninstallPhoneMetadata();
      await loadPhoneMetadata(env);
    }
    return Response.json({ firstMs, repeatMs: (performance.now() - again) / REPEATS });
  },
};

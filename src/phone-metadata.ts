// The phone metadata (public/_bridge/phone-metadata.json) is a static asset beside the Worker,
// not part of its bundle: the first request of an isolate that maps a draft fetches it through
// the ASSETS binding and installs it (src/map/phone.ts); later ones find it installed. A load
// that fails leaves nothing behind, so the next request tries again; its caller answers 503
// `phone_data_unavailable` with Retry-After, and nothing was recorded or sent.
import { BridgeError } from "./errors.ts";
import { logEvent } from "./log.ts";
import { installPhoneMetadata, isPhoneMetadataInstalled } from "./map/phone.ts";

/** Where the Worker's static assets serve the metadata (under wrangler.toml's `[assets]` directory). */
export const PHONE_METADATA_PATH = "/_bridge/phone-metadata.json";

/** Seconds a sender is asked to wait before sending again when the metadata could not be loaded. */
const RETRY_AFTER_S = 5;

/** What serves the Worker's static assets: wrangler.toml's ASSETS binding. */
export type AssetFetcher = { fetch(input: string): Promise<Response> };

async function fetchAndInstall(assets: AssetFetcher | undefined): Promise<void> {
  try {
    if (assets === undefined) throw new Error("the ASSETS binding is missing");
    const response = await assets.fetch(`https://assets.invalid${PHONE_METADATA_PATH}`);
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`ASSETS answered ${response.status}`);
    }
    installPhoneMetadata(await response.json());
  } catch (error) {
    logEvent("error", "phone_metadata.unavailable", {
      path: PHONE_METADATA_PATH,
      error: error instanceof Error ? error.message : String(error),
    });
    throw new BridgeError(
      "phone_data_unavailable",
      "The bridge could not load its phone number data; nothing was recorded or sent. Try again shortly.",
      { headers: { "Retry-After": String(RETRY_AFTER_S) }, cause: error },
    );
  }
}

/**
 * Makes sure the phone metadata is installed in this isolate before a draft is mapped: loads it
 * from `env.ASSETS` when it is not installed yet. Requests that arrive together before it is
 * each read it themselves: a fetch belongs to the request that started it, and a request that
 * is cancelled mid-load must not leave the others waiting on a promise that never settles.
 * Throws `phone_data_unavailable` (503, retryable) when it cannot be read; the next call tries
 * again.
 *
 * @example
 * await loadPhoneMetadata(c.env);
 * const prepared = prepareFromPayload(payload, source, headers);
 */
export async function loadPhoneMetadata(env: { ASSETS?: AssetFetcher }): Promise<void> {
  if (isPhoneMetadataInstalled()) return;
  await fetchAndInstall(env.ASSETS);
}

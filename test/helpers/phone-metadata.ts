// The phone metadata for tests that run the pure stages directly: installed from the asset's
// file, as the edge installs what it fetches from ASSETS. Each test file starts without it
// (test/setup/phone-metadata.ts), so a path of the Worker that maps without loading it fails.
import metadata from "../../public/_bridge/phone-metadata.json";
import { installPhoneMetadata, isPhoneMetadataInstalled } from "../../src/map/phone.ts";

/** The asset's JSON, as the Worker reads it. */
export const PHONE_METADATA: unknown = metadata;

/** Installs the phone metadata for the pure stages (once per test file is enough). */
export function installTestPhoneMetadata(): void {
  if (!isPhoneMetadataInstalled()) installPhoneMetadata(PHONE_METADATA);
}

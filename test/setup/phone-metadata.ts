// Before each test file: the phone metadata is forgotten, as in a fresh isolate. Requests load
// it through the ASSETS binding the way the Worker does; a test of the pure stages installs it
// itself (test/helpers/phone-metadata.ts). A path that maps without loading it fails.
import { uninstallPhoneMetadata } from "../../src/map/phone.ts";

uninstallPhoneMetadata();

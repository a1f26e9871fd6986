// libphonenumber-js's modern build: the same source as the package's `core` entry, compiled
// without the transpiler helpers its default build repeats in every module (about 2.4 KB gzip
// of the Worker's bundle). The package exports no path to it, so it is imported by file and
// typed as the package's own function.
import type { parsePhoneNumberFromString as ParsePhoneNumberFromString } from "libphonenumber-js/core";
// @ts-expect-error: the modern build ships no type declarations (typed below).
import parsePhoneNumber from "../../node_modules/libphonenumber-js/es6-modern/parsePhoneNumber.js";

/** libphonenumber-js's `parsePhoneNumberFromString` (its `core` entry's, metadata given). */
export const parsePhoneNumberFromString = parsePhoneNumber as typeof ParsePhoneNumberFromString;

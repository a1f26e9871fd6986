// How the end-to-end tests start a browser: Debian's Chromium (installed by .ci/run with
// apt-get), never one downloaded by a test tool, with no network of its own.
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

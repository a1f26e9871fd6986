// The document the Worker answers for every page of the console: its title, and the console's
// stylesheet and script (static assets, `npm run build:dashboard`) under the answer's CSP nonce.
// The script puts the console's markup on the page (page.tsx).
import { CONSOLE_ASSETS } from "./console-assets.ts";
import { PAGE_TITLES, type PageName } from "./pages.ts";

/** The console's document for `page`; `nonce` is the one the Content-Security-Policy allows. */
export function renderConsoleShell(page: PageName, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width,initial-scale=1"/><meta name="referrer" content="no-referrer"/><title>${PAGE_TITLES[page]} · close-bridge</title><link rel="stylesheet" nonce="${nonce}" href="${CONSOLE_ASSETS.style}"/></head><body><script nonce="${nonce}" src="${CONSOLE_ASSETS.script}"></script></body></html>`;
}

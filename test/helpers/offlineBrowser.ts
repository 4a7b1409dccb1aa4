// Debian's chromium driven by playwright-core (never a downloaded browser), offline: a page whose every
// request other than file: is refused and recorded, for tests of the self-contained pages schedcheck writes
// (the statechart explorer, the HTML report).
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A browser and a page on which every non-file: request is aborted and pushed onto `requests`. */
export async function offlinePage(requests: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const context = await browser.newContext();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  return { browser, page: await context.newPage() };
}

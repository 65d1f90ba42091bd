import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_PATH, hasChromium, launchChromium } from '../../scripts/chromium.js';
import { announceSkip } from './skip.js';

/**
 * `describe` for browser tests: runs them when Chromium is installed, otherwise skips the
 * block with one line saying why and how to install it (npm cannot fetch a browser here; the
 * other skip of this kind is describeOnExternalServer in db.ts).
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (hasChromium()) {
    describe(name, body);
    return;
  }
  announceSkip(`"${name}"`, `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  describe.skip(name, body);
}

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Console errors and uncaught exceptions (CSP violations show up here). */
  problems: string[];
}

/** A fresh context (no shared cache or storage) with a page whose requests and errors are recorded. */
export async function openPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, requests, problems };
}

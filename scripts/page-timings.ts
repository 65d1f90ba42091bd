import type { Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

/**
 * `npm run pages:timing -- [gateway base URL] [runs]`: how long each page takes in headless
 * Chromium on this machine, cold (new browser context: empty cache) and warm (reload in the
 * same context: immutable assets from cache, pages revalidated), and how many bytes travel.
 * "Ready" is when the page is usable: overview charts drawn, IDE editor mounted, editor
 * sign-in form shown. Medians over the runs.
 */
const PAGES: Array<{ path: string; name: string; ready: (page: Page) => Promise<unknown> }> = [
  {
    path: '/',
    name: 'overview',
    ready: (p) => p.waitForFunction(() => (globalThis as unknown as { __charts?: Map<string, unknown> }).__charts?.has('programme-timeline')),
  },
  { path: '/editor', name: 'editor', ready: (p) => p.locator('#token').waitFor() },
  { path: '/graphql', name: 'IDE', ready: (p) => p.locator('.graphiql-query-editor .CodeMirror').waitFor() },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(page: Page, url: string, ready: (page: Page) => Promise<unknown>) {
  const started = Date.now();
  await page.goto(url);
  await ready(page);
  const readyMs = Date.now() - started;
  const timing = await page.evaluate(() => {
    type Entry = { transferSize?: number; domContentLoadedEventEnd: number; loadEventEnd: number };
    const perf = globalThis.performance as unknown as { getEntriesByType(type: string): Entry[] };
    const nav = perf.getEntriesByType('navigation')[0];
    const resources = perf.getEntriesByType('resource');
    const transferred = [nav, ...resources].reduce((sum, e) => sum + (e.transferSize ?? 0), 0);
    return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, requests: resources.length + 1, transferred };
  });
  return { readyMs, ...timing };
}

async function main(): Promise<void> {
  const base = new URL(process.argv[2] ?? 'http://127.0.0.1:4000');
  const runs = Number(process.argv[3] ?? 5);
  const browser = await launchChromium({ allowPorts: [Number(base.port || 80)] });
  console.log(`Pages at ${base.origin}, ${runs} runs each, headless Chromium ${browser.version()} (medians)`);
  console.log('| page | cold: ready ms | cold: load event ms | cold: requests | cold: bytes transferred | warm: ready ms | warm: bytes transferred |');
  console.log('|---|---|---|---|---|---|---|');
  try {
    for (const { path, name, ready } of PAGES) {
      const cold: Array<Awaited<ReturnType<typeof measure>>> = [];
      const warm: typeof cold = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        cold.push(await measure(page, new URL(path, base).toString(), ready));
        warm.push(await measure(page, new URL(path, base).toString(), ready));
        await context.close();
      }
      const pick = (list: typeof cold, key: keyof (typeof cold)[number]) => median(list.map((m) => m[key] as number));
      console.log(
        `| ${name} | ${pick(cold, 'readyMs')} | ${Math.round(pick(cold, 'load'))} | ${pick(cold, 'requests')} | ${(pick(cold, 'transferred') / 1024).toFixed(0)} KiB | ${pick(warm, 'readyMs')} | ${(pick(warm, 'transferred') / 1024).toFixed(1)} KiB |`,
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

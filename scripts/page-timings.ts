import os from 'node:os';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startBenchFederation } from './bench-federation.js';

/**
 * `npm run pages:timing -- [gateway base URL] [runs]`, or `npm run pages:timing -- --bench-events
 * 100000 [runs]` to start a federation of that many synthetic events first (bench/data.ts): how
 * long each page takes in headless Chromium on this machine, cold (new browser context: empty
 * cache) and warm (reload in the same context: immutable assets from cache, pages revalidated),
 * and how many bytes travel. "Ready" is when the page is usable: overview charts drawn, a list's
 * first rows shown, a record's fields shown, IDE editor mounted, editor sign-in form shown.
 * Medians over the runs. Prints the machine and its load average, since the figures depend on both.
 */
type Ready = (page: Page) => Promise<unknown>;
const rows: Ready = (p) => p.locator('table.results tbody tr').first().waitFor();

function pages(recordId: string): Array<{ path: string; name: string; ready: Ready }> {
  return [
    {
      path: '/',
      name: 'overview',
      ready: (p) => p.waitForFunction(() => (globalThis as unknown as { __charts?: Map<string, unknown> }).__charts?.has('programme-timeline')),
    },
    { path: '/explore?view=events', name: 'explorer: events list', ready: rows },
    { path: '/explore?view=events&q=labour', name: 'explorer: search "labour"', ready: rows },
    { path: '/explore?view=events&country=KG&from=2017-01-01&to=2017-12-31', name: 'explorer: KG in 2017 (a bar)', ready: rows },
    { path: `/explore?view=record&id=${encodeURIComponent(recordId)}`, name: 'explorer: an event', ready: (p) => p.locator('dl.fields').waitFor() },
    { path: '/explore?view=country&code=KG', name: 'explorer: country page', ready: (p) => p.locator('table.counts').first().waitFor() },
    { path: '/editor', name: 'editor', ready: (p) => p.locator('#token').waitFor() },
    { path: '/graphql', name: 'IDE', ready: (p) => p.locator('.graphiql-query-editor .CodeMirror').waitFor() },
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(page: Page, url: string, ready: Ready) {
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
  const args = process.argv.slice(2);
  const benchAt = args.indexOf('--bench-events');
  const benchEvents = benchAt >= 0 ? Number(args.splice(benchAt, 2)[1]) : 0;
  if (benchAt >= 0 && !(Number.isInteger(benchEvents) && benchEvents > 0)) throw new Error('--bench-events needs a positive number of events, e.g. 100000');
  const bench = benchEvents ? await startBenchFederation(benchEvents, (line) => console.error(line)) : null;
  try {
    const base = new URL(bench ? new URL(bench.url).origin : (args[0] ?? 'http://127.0.0.1:4000'));
    const runs = Number((bench ? args[0] : args[1]) ?? 5);
    const browser = await launchChromium({ allowPorts: [Number(base.port || 80)] });
    const cpu = os.cpus();
    console.log(
      `Pages at ${base.origin}${bench ? ` (${benchEvents.toLocaleString('en')} synthetic events over 4 nodes)` : ''}, ${runs} runs each, headless Chromium ${browser.version()} (medians)`,
    );
    console.log(
      `Machine: ${cpu[0]?.model} (${cpu.length} cores), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at start ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log('| page | cold: ready ms | cold: load event ms | cold: requests | cold: bytes transferred | warm: ready ms | warm: bytes transferred |');
    console.log('|---|---|---|---|---|---|---|');
    try {
      for (const { path, name, ready } of pages(bench ? 'KG:EVT:b-000123' : 'KG:EVT:2016-10-28-employers')) {
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
    console.log(
      `Load average at end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await bench?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

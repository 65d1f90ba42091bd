import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintToken } from '../platform/auth.js';
import { packageRoot } from '../platform/package-root.js';
import { launchChromium } from './chromium.js';
import { startBenchFederation } from './bench-federation.js';

/**
 * `npm run build && node dist/scripts/editor-timing.js [events per office = 5000] [runs = 5]`
 * (issue 23): the country editor's page weight (its JS and CSS as built, raw and compressed) and,
 * against a production-mode federation whose KG node holds `events` synthetic events
 * (bench/data.ts, via bench-federation.ts), the time from opening /editor in a signed-in tab
 * to the first usable list (its first row and the total shown), a search, the next page, and a
 * record picker (a person's role's event) searching those events as one types.
 * Headless Chromium, new context each run (cold cache); medians. Prints the machine and its load.
 */
const BENCH_SECRET = 'bench-only-secret'; // bench/node-process.ts: what the bench nodes verify tokens with

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function pageWeight(): string[] {
  const out = path.join(packageRoot(), 'dist', 'public');
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  const editor = manifest.sizes.editor as { files: string[]; bytes: number; gzip: number; brotli: number };
  const size = (file: string, suffix = '') =>
    fs.existsSync(path.join(out, file + suffix)) ? fs.statSync(path.join(out, file + suffix)).size : fs.statSync(path.join(out, file)).size;
  const lines = editor.files.map((f) => `  ${f}: ${kib(size(f))} raw, ${kib(size(f, '.gz'))} gzip, ${kib(size(f, '.br'))} brotli`);
  const js = editor.files.filter((f) => f.endsWith('.js'));
  const css = editor.files.filter((f) => f.endsWith('.css'));
  const sum = (list: string[], suffix = '') => list.reduce((s, f) => s + size(f, suffix), 0);
  return [
    `Editor page weight at load (${editor.files.length} files): JS ${kib(sum(js))} raw / ${kib(sum(js, '.br'))} brotli, CSS ${kib(sum(css))} raw / ${kib(sum(css, '.br'))} brotli; total ${kib(editor.bytes)} raw, ${kib(editor.gzip)} gzip, ${kib(editor.brotli)} brotli`,
    ...lines,
  ];
}

async function main(): Promise<void> {
  const perOffice = Number(process.argv[2] ?? 5000);
  const runs = Number(process.argv[3] ?? 5);
  if (!Number.isInteger(perOffice) || perOffice <= 0) throw new Error('events per office must be a positive whole number, e.g. 5000');
  for (const line of pageWeight()) console.log(line);
  const bench = await startBenchFederation(perOffice * 4, (line) => console.error(line));
  try {
    const base = new URL(bench.url).origin;
    const browser = await launchChromium({ allowPorts: [Number(new URL(base).port)] });
    const token = await mintToken({ secret: BENCH_SECRET, sub: 'editor-timing', role: 'editor', country: 'KG' });
    const cpu = os.cpus();
    console.log(
      `Editor at ${base}, KG holding ${perOffice.toLocaleString('en')} events, ${runs} runs, headless Chromium ${browser.version()}; ${cpu[0]?.model} (${cpu.length} cores), load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const firstList: number[] = [];
    const search: number[] = [];
    const more: number[] = [];
    const picker: number[] = [];
    const bytes: number[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        // A signed-in tab: the token is in this tab's session storage, as after signing in.
        await context.addInitScript((t) => (globalThis as any).sessionStorage.setItem('ilo-editor-token', t), token); // eslint-disable-line @typescript-eslint/no-explicit-any
        const page = await context.newPage();
        let started = Date.now();
        await page.goto(new URL('/editor', base).toString());
        await page.locator('.record-list li button').first().waitFor();
        await page.locator('#list-count').getByText(/\d/).waitFor();
        firstList.push(Date.now() - started);
        bytes.push(
          await page.evaluate(() => {
            const perf = globalThis.performance as unknown as { getEntriesByType(type: string): Array<{ transferSize?: number }> };
            return [...perf.getEntriesByType('navigation'), ...perf.getEntriesByType('resource')].reduce((s, e) => s + (e.transferSize ?? 0), 0);
          }),
        );
        const count = await page.locator('#list-count').textContent();
        started = Date.now();
        await page.locator('#list-more').click();
        await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('.record-list li').length > 50); // eslint-disable-line @typescript-eslint/no-explicit-any
        more.push(Date.now() - started);
        started = Date.now();
        await page.locator('#list-q').fill('labour');
        await page.locator('form[role="search"] button[type="submit"]').click();
        await page.waitForFunction((before) => (globalThis as any).document.querySelector('#list-count')?.textContent !== before, count); // eslint-disable-line @typescript-eslint/no-explicit-any
        search.push(Date.now() - started);
        await page.locator('nav.kinds button[data-kind="people"]').click();
        await page.getByRole('button', { name: 'New person' }).click();
        await page.locator('#f-roles-add').click();
        const eventPicker = page.locator('#f-roles-0-event');
        await eventPicker.focus();
        started = Date.now();
        await eventPicker.fill('labour');
        await page.locator('#f-roles-0-event-listbox[aria-busy="false"][data-query="labour"]').waitFor({ state: 'attached' });
        picker.push(Date.now() - started);
        await context.close();
      }
    } finally {
      await browser.close();
    }
    console.log(`| measure (median of ${runs}) | ms |\n|---|---|`);
    console.log(`| open /editor → first usable list (first row and total shown) | ${median(firstList)} |`);
    console.log(`| "Show more" → next 50 rows | ${median(more)} |`);
    console.log(`| search "labour" (any language) → list replaced | ${median(search)} |`);
    console.log(`| picker over the events: type "labour" → matches shown (the picker's 250 ms pause included) | ${median(picker)} |`);
    console.log(`Bytes transferred to the first usable list (assets and API, cold cache): ${kib(median(bytes))}`);
  } finally {
    await bench.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

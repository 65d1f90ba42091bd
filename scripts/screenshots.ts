import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../shared/package-root.js';
import { launchChromium } from './chromium.js';

/**
 * `npm run screenshots -- [gateway base URL]` writes docs/screenshots/overview.png, explorer.png,
 * explorer-record.png, explorer-phone.png and editor.png from a running federation (default
 * http://127.0.0.1:4000, as `npm start` serves it). The explorer pictures show a search in
 * another language, a record with its sources, and a list on a 390 px phone. The editor is signed
 * in with a development token and shows a refused save, so the picture shows how an error reads.
 * Changes no data. Compressed with pngquant when installed.
 */
const PICTURES = ['overview.png', 'explorer.png', 'explorer-record.png', 'explorer-phone.png', 'editor.png'];
async function main(): Promise<void> {
  const base = new URL(process.argv[2] ?? 'http://127.0.0.1:4000');
  const out = path.join(packageRoot(), 'docs', 'screenshots');
  fs.mkdirSync(out, { recursive: true });
  const browser = await launchChromium({ allowPorts: [Number(base.port || 80)] });
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();

    await page.goto(new URL('/', base).toString());
    await page.waitForFunction(() => (globalThis as unknown as { __charts?: Map<string, unknown> }).__charts?.has('programme-timeline'));
    await page.screenshot({ path: path.join(out, 'overview.png'), fullPage: true });

    // A Kyrgyz word finds records whatever language they were written in; the list shows them in English.
    await page.goto(new URL('/explore?view=events&q=%D1%81%D0%B5%D0%BC%D0%B8%D0%BD%D0%B0%D1%80', base).toString());
    await page.locator('table.results tbody tr').first().waitFor();
    await page.screenshot({ path: path.join(out, 'explorer.png'), fullPage: true });
    await page.goto(new URL('/explore?view=record&id=KG:EVT:2016-11-child-labour-peer-review', base).toString());
    await page.locator('blockquote.excerpt').first().waitFor();
    await page.screenshot({ path: path.join(out, 'explorer-record.png'), fullPage: true });
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true });
    const phonePage = await phone.newPage();
    await phonePage.goto(new URL('/explore?view=events', base).toString());
    await phonePage.locator('table.results tbody tr').first().waitFor();
    await phonePage.screenshot({ path: path.join(out, 'explorer-phone.png') });
    await phone.close();

    await page.goto(new URL('/editor', base).toString());
    await page.locator('#dev-country').selectOption('KG');
    await page.getByRole('button', { name: 'Get a development token' }).click();
    await page.locator('.event-list li').first().waitFor();
    await page.locator('.event-list li button').first().click();
    await page.locator('#f-endDate').fill('2000-01-01');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('[data-field="endDate"] .error').waitFor();
    await page.screenshot({ path: path.join(out, 'editor.png') });

    for (const name of PICTURES) {
      // Palette PNGs are a quarter of the size and look the same; pngquant is optional (apt-get install pngquant).
      spawnSync('pngquant', ['--quality', '70-90', '--speed', '1', '--force', '--output', path.join(out, name), path.join(out, name)]);
    }
    for (const name of PICTURES) console.log(`${path.join('docs/screenshots', name)}: ${(fs.statSync(path.join(out, name)).size / 1024).toFixed(0)} KiB`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

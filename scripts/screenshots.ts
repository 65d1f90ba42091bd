import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { packageRoot } from '../platform/package-root.js';
import { launchChromium } from './chromium.js';
import { MANIFEST, SCREENSHOTS_DIR, sha256Of, type OverviewFacts, type ScreenshotManifest } from './screenshot-manifest.js';

/**
 * `npm run screenshots` writes docs/screenshots/overview.png, explorer.png (a search in Kyrgyz
 * finding events shown in English), explorer-record.png (a record with its sources),
 * explorer-phone.png (a list on a 390 px phone), editor.png (an event's form with its history)
 * and editor-phone.png (the form opened on a 390 px phone), and
 * docs/screenshots/manifest.json with what the overview showed and each picture's hash
 * (tests/screenshots.test.ts checks them against the seed files). Without an argument it starts
 * its own federation from the seed files (`npm start` on an empty temporary DATA_DIR, ports
 * shifted by PORT_OFFSET, default 17000 + a little), so the pictures show the seed and nothing a
 * local stack was given since; `npm run screenshots -- http://127.0.0.1:4000` uses a running one.
 * The editor is signed in with a development token and shows a save refused before it is sent,
 * so the picture shows how an error reads. Changes no data. Compressed with pngquant when installed.
 */
async function main(): Promise<void> {
  const root = packageRoot();
  const own = process.argv[2] ? null : await startOwnStack();
  try {
    const base = new URL(process.argv[2] ?? own!.base);
    const manifest = await takePictures(base, path.join(root, SCREENSHOTS_DIR));
    fs.writeFileSync(path.join(root, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const name of Object.keys(manifest.pictures))
      console.log(`${SCREENSHOTS_DIR}/${name}: ${(fs.statSync(path.join(root, SCREENSHOTS_DIR, name)).size / 1024).toFixed(0)} KiB`);
    console.log(`${MANIFEST}: ${JSON.stringify(manifest.overview)}`);
  } finally {
    await own?.stop();
  }
}

async function takePictures(base: URL, out: string): Promise<ScreenshotManifest> {
  fs.mkdirSync(out, { recursive: true });
  const browser = await launchChromium({ allowPorts: [Number(base.port || 80)] });
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();

    await page.goto(new URL('/', base).toString());
    await page.waitForFunction(() => (globalThis as unknown as { __charts?: Map<string, unknown> }).__charts?.has('programme-timeline'));
    const overview = await overviewFacts(page);
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
    await page.locator('form.dev-token button[type="submit"]').click();
    await page.locator('.record-list li').first().waitFor();
    await page.locator('.record-list li button').first().click();
    await page.locator('#f-version').waitFor();
    await page.locator('.history').waitFor();
    // Not saved: the check in plain words next to the field is what the picture shows.
    await page.locator('#f-startDate').fill('2001-01-02');
    await page.locator('#f-endDate').fill('2000-01-01');
    await page.locator('.editor-form button[type="submit"]').click();
    await page.locator('[data-field="endDate"] .error').waitFor();
    await page.screenshot({ path: path.join(out, 'editor.png'), fullPage: true });
    const editorPhone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const editorPhonePage = await editorPhone.newPage();
    await editorPhonePage.goto(new URL('/editor', base).toString());
    await editorPhonePage.locator('#dev-country').selectOption('KG');
    await editorPhonePage.locator('form.dev-token button[type="submit"]').click();
    await editorPhonePage.locator('.record-list li button').nth(2).tap();
    await editorPhonePage.locator('#f-version').waitFor();
    await editorPhonePage.screenshot({ path: path.join(out, 'editor-phone.png') });
    await editorPhone.close();

    const pictures: ScreenshotManifest['pictures'] = {};
    for (const name of ['overview.png', 'explorer.png', 'explorer-record.png', 'explorer-phone.png', 'editor.png', 'editor-phone.png']) {
      // Palette PNGs are a quarter of the size and look the same; pngquant is optional (apt-get install pngquant).
      spawnSync('pngquant', ['--quality', '70-90', '--speed', '1', '--force', '--output', path.join(out, name), path.join(out, name)]);
      pictures[name] = { sha256: sha256Of(path.join(out, name)) };
    }
    return { takenAt: new Date().toISOString(), pictures, overview };
  } finally {
    await browser.close();
  }
}

/** The figures the overview shows, read from its counts and partners tables. */
async function overviewFacts(page: Page): Promise<OverviewFacts> {
  const rows = await page.$$eval('table.counts tbody tr[data-country]', (trs) =>
    trs.map((tr) => ({
      code: tr.getAttribute('data-country') ?? '',
      // The counts, not the latest-change column beside them.
      cells: Array.from(tr.querySelectorAll('td:not(.as-of)') as ArrayLike<{ textContent: string | null }>, (td) => (td.textContent ?? '').trim()),
    })),
  );
  const counts: OverviewFacts['counts'] = {};
  for (const { code, cells } of rows) {
    const [events, programmes, partnerships] = cells.map(Number);
    if (cells.length !== 3 || ![events, programmes, partnerships].every(Number.isInteger)) {
      throw new Error(`the overview shows ${code} as ${JSON.stringify(cells)}: every country must answer for the pictures`);
    }
    counts[code] = { events, programmes, partnerships };
  }
  const partnersInSeveralCountries = await page.$$eval('table.reach tbody tr', (trs) => trs.length);
  return { counts, partnersInSeveralCountries };
}

/** The compiled `npm start` on a new, empty data folder: seeded from the checked-in files. */
async function startOwnStack(): Promise<{ base: string; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-screenshots-'));
  // As root, the embedded PostgreSQL runs as `postgres`, which must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
  const offset = process.env.PORT_OFFSET ?? String(17000 + (process.pid % 100) * 20);
  // The four seeded countries on embedded databases, whatever this shell sets for a stack of its own.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT_OFFSET: offset };
  for (const name of Object.keys(env)) if (/^(PORT|COUNTRIES|DATABASE_URL(_\w+)?)$/.test(name)) delete env[name];
  const child = spawn(process.execPath, [path.join(__dirname, 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    return { base: new URL(await gatewayUrl(child)).origin, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resolves with the gateway's URL once `npm start` prints it; rejects if it exits or takes over 5 minutes. */
function gatewayUrl(child: ChildProcess): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the federation did not come up in 5 minutes:\n${out}`)), 300000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /gateway\s+(http:\/\/\S+\/graphql)/.exec(out);
      if (m && out.includes('Federation up')) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the federation exited with ${code}:\n${out}`));
    });
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

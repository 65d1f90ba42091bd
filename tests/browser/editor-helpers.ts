import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningGateway } from '../../gateway/server.js';
import { launchBrowser } from '../support/browser.js';
import { startFederation, type TestFederation } from '../support/federation.js';
import { startGatewayWith } from '../support/web.js';

/** What the editor's browser tests share: a federation behind a production-mode gateway, and sign-in. */

export interface EditorStack {
  fed: TestFederation;
  /** NODE_ENV=production: no introspection, no development tokens. */
  gateway: RunningGateway;
  browser: Browser;
  url(pathAndQuery?: string): string;
  stop(): Promise<void>;
}

/** The regional facts plus Tajikistan (TJ, language tg): a fifth office added by configuration only. */
function regionalSeedWithTajikistan(): string {
  const seed = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../subgraphs/regional/seed/data/regional.json'), 'utf8'));
  const tj = {
    ...seed.countries[0],
    code: 'TJ',
    name: { original: 'Тоҷикистон', lang: 'tg', translations: [{ lang: 'en', text: 'Tajikistan', origin: 'HUMAN' }] },
    iloOffice: null,
    sources: [],
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'editor-tj-')), 'regional.json');
  fs.writeFileSync(file, JSON.stringify({ ...seed, countries: [...seed.countries, tj] }));
  return file;
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

export async function startEditorStack(countries: string[]): Promise<EditorStack> {
  // The regional subgraph reads REGIONAL_SEED_FILE from the process's environment when it seeds (at start).
  const before = process.env.REGIONAL_SEED_FILE;
  if (countries.includes('TJ')) process.env.REGIONAL_SEED_FILE = regionalSeedWithTajikistan();
  const [fed, browser] = await Promise.all([startFederation({ countries }).finally(() => restoreEnv('REGIONAL_SEED_FILE', before)), launchBrowser()]);
  const gateway = await startGatewayWith(fed, { NODE_ENV: 'production' });
  return {
    fed,
    gateway,
    browser,
    url: (p = '/editor') => new URL(p, gateway.url).toString(),
    stop: async () => {
      await browser.close();
      await gateway.close();
      await fed.stop();
    },
  };
}

/** Signs in by pasting a token, as an office's editor does in production. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.locator('#token').fill(token);
  // By its place, not its words: the same in every interface language.
  await page.locator('#token').locator('xpath=ancestor::form').locator('button[type="submit"]').click();
  await page.locator('#signed-in').waitFor();
}

export async function openKind(page: Page, kind: string): Promise<void> {
  await page.locator(`nav.kinds button[data-kind="${kind}"]`).click();
  await page.waitForFunction(
    (k) => (globalThis as any).document.querySelector(`nav.kinds button[data-kind="${k}"]`)?.getAttribute('aria-pressed') === 'true',
    kind,
  );
  await page.locator('#list-count').filter({ hasText: /\d/ }).waitFor();
}

export const fieldError = (page: Page, field: string) => page.locator(`[data-field="${field}"] .error`);

/** The matches a record picker shows once it has answered `words` (data-query names the words they answer). */
export async function pickerMatches(page: Page, id: string, words: string): Promise<Array<{ id: string; label: string }>> {
  await page
    .locator(`#${id}-listbox[aria-busy="false"]`)
    .and(page.locator(`[data-query=${JSON.stringify(words.trim())}]`))
    .waitFor({ state: 'attached' });
  return page.$$eval(`#${id}-listbox [role="option"][data-id]`, (lis) => lis.map((li) => ({ id: li.getAttribute('data-id')!, label: li.textContent! })));
}

/** Types `words` into a record picker and picks its first match by keyboard; returns the picked id. */
export async function pick(page: Page, id: string, words = ''): Promise<string> {
  const box = page.locator(`#${id}`);
  await box.click();
  if (words) await box.fill(words);
  const [first] = await pickerMatches(page, id, words);
  if (!first) throw new Error(`no match for ${JSON.stringify(words)} in #${id}`);
  await box.press('ArrowDown');
  await box.press('Enter');
  return first.id;
}

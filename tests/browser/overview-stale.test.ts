import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { startFederation, type TestFederation } from '../support/federation.js';
import { waitFor } from '../support/wait.js';

/**
 * The regional overview while offices are offline (issue 28): KG (which allows its last known
 * data to be served, the default) is shown from what the page read before its node stopped,
 * marked as such and counted; VN (no-store: the gateway keeps none of its data) is left out as
 * before, with today's banner and "excludes" notes. The explorer's list of events likewise.
 */
describeInBrowser('regional overview and explorer list with an offline office', () => {
  let fed: TestFederation;
  let browser: Browser;

  beforeAll(async () => {
    [fed, browser] = await Promise.all([
      startFederation({
        countries: ['MN', 'KG', 'VN'],
        nodeTimeoutMs: 3000,
        gatewayEnv: { RESPONSE_CACHE: 'on' },
        nodeEnv: { VN: { LAST_KNOWN_STORE: 'no-store' } },
      }),
      launchBrowser(),
    ]);
    // Parts are kept as last known data only at a data version the gateway follows.
    await waitFor(() => ['MN', 'KG', 'VN'].every((c) => fed.gateway.cache!.versions.version(c) !== null), 'every version stream followed');
  }, 180000);
  afterAll(async () => {
    await browser?.close();
    await fed?.stop();
  });

  async function open(): Promise<WatchedPage> {
    const tab = await openPage(browser);
    await tab.page.goto(new URL('/', fed.gateway.url).toString());
    await tab.page.waitForFunction(
      () => (globalThis as any).__charts?.has('events-by-year') && (globalThis as any).document.querySelector('.status')?.textContent === '',
      null,
      { timeout: 30000 },
    );
    return tab;
  }
  const counts = (tab: WatchedPage, country: string) =>
    tab.page.$$eval(`tr[data-country="${country}"] td.num, tr[data-country="${country}"] td.unavailable`, (tds) => tds.map((td) => td.textContent));

  /**
   * Takes `country`'s node down as an outage does: its proxy hangs, and a read the exact cache
   * does not hold times out, which puts the node's data version in doubt.
   */
  async function down(country: string) {
    fed.proxies.get(country)!.mode = 'hang';
    await fed.query('{ events(first: 7) { totalCount } }');
    await waitFor(() => fed.gateway.cache!.versions.version(country) === null, `${country} in doubt`);
  }

  test('KG offline after the page was read: shown as of its last known data and counted; no-store VN is left out as before', async () => {
    const warm = await open();
    expect(await warm.page.locator('[data-unavailable], [data-stale]').count()).toBe(0);
    const kgCounts = await counts(warm, 'KG');
    expect(kgCounts).toHaveLength(3);
    expect(kgCounts.every((n) => /^\d+$/.test(n ?? ''))).toBe(true);
    // The explorer's list of events, read once too (so KG's part of it is kept).
    await warm.page.goto(new URL('/explore?view=events', fed.gateway.url).toString());
    const listCount = Number((await warm.page.locator('#result-count strong').textContent())?.match(/^\d+/)?.[0]);
    const vnEvents = (await fed.query('{ events(filter: { countries: [VN] }, first: 0) { totalCount } }')).data.events.totalCount as number;
    expect(vnEvents).toBeGreaterThan(0);
    await warm.context.close();
    const version = fed.gateway.cache!.versions.version('KG');
    expect(version).not.toBeNull();

    try {
      await down('KG');
      // VN's office keeps nothing at the gateway: a hang is enough for its part to be missing.
      fed.proxies.get('VN')!.mode = 'hang';
      const tab = await open();
      const stale = tab.page.locator('[data-stale="KG"]');
      await stale.waitFor({ state: 'visible' });
      expect(await stale.textContent()).toMatch(
        new RegExp(`^Kyrgyz Republic \\(KG\\): its office's server does not answer; its figures are its last known data, as of .+ \\(version ${version}\\)\\.`),
      );
      // Counted with the numbers the page showed before the outage, and the row says they are last known.
      expect(await counts(tab, 'KG')).toEqual(kgCounts);
      expect(await tab.page.locator('tr[data-country="KG"][data-stale="true"] .last-known').textContent()).toMatch(/last known data, as of /);
      expect(await tab.page.locator('[data-unavailable="KG"]').count()).toBe(0);
      const excludes = await tab.page.$$eval('[data-excludes]', (spans) => spans.map((s) => s.getAttribute('data-excludes')!.split(',')));
      expect(excludes.length).toBeGreaterThan(0);
      for (const list of excludes) expect(list).toEqual(['VN']);
      const text = (await tab.page.locator('main').textContent()) ?? '';
      expect(text).not.toMatch(/Kyrgyz Republic \(KG\) is not included|excludes[^.]*\(KG\)/);

      // VN: missing, with today's banner and cells.
      const missing = tab.page.locator('[data-unavailable="VN"]');
      await missing.waitFor({ state: 'visible' });
      expect(await missing.textContent()).toMatch(/^Viet Nam \(VN\) is not included\./);
      expect(await tab.page.locator('[data-stale="VN"]').count()).toBe(0);
      expect(await counts(tab, 'VN')).toEqual(['unavailable', 'unavailable', 'unavailable']);
      expect(tab.problems).toEqual([]);

      // Both banners are accessible (evaluated through the DevTools protocol: the page's CSP stays on).
      await tab.page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
      const violations = await tab.page.evaluate(async () => {
        const result = await (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] });
        return result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => v.id);
      });
      expect(violations).toEqual([]);

      // The explorer's list: KG's rows are counted (the total lacks only VN's), marked the same way; only VN is excluded.
      await tab.page.goto(new URL('/explore?view=events', fed.gateway.url).toString());
      await tab.page.locator('[data-stale="KG"]').waitFor({ state: 'visible' });
      await tab.page.locator('#result-count').waitFor();
      expect(await tab.page.locator('#result-count strong').textContent()).toBe(`${listCount - vnEvents} events`);
      expect(await tab.page.locator('#result-count [data-excludes]').getAttribute('data-excludes')).toBe('VN');
      expect(await tab.page.locator('[data-unavailable="KG"]').count()).toBe(0);
      await tab.page.locator('[data-unavailable="VN"]').waitFor({ state: 'visible' });
      expect(tab.problems).toEqual([]);
      await tab.context.close();
    } finally {
      for (const p of fed.proxies.values()) p.mode = 'pass';
    }
  });
});

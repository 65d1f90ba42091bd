import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { startFederation, type TestFederation } from '../support/federation.js';
import { originOf } from '../support/web.js';
import { OVERVIEW_QUERY } from '../../web/overview/data.js';

interface ChartData {
  labels: string[];
  datasets: Array<{ label: string; country?: string; types?: string[]; data: Array<number | number[] | null> }>;
}

/** The regional overview at /: the seeded figures as charts and tables, filters, and a visible notice for a stopped country. */
describeInBrowser('regional overview', () => {
  let fed: TestFederation;
  let browser: Browser;

  beforeAll(async () => {
    [fed, browser] = await Promise.all([startFederation({ countries: ['MN', 'KG', 'AZ', 'VN'], nodeTimeoutMs: 3000 }), launchBrowser()]);
    // The page's own query, once, so a cold first answer (slow under a busy test run) cannot time a node out.
    const warm = await fed.query(OVERVIEW_QUERY, { countries: null });
    expect(warm.errors).toBeUndefined();
  }, 180000);
  afterAll(async () => {
    await browser?.close();
    await fed?.stop();
  });

  async function open(options: { expectUnavailable?: boolean } = {}): Promise<WatchedPage> {
    const tab = await openPage(browser);
    await tab.page.goto(new URL('/', fed.gateway.url).toString());
    await waitForCharts(tab);
    if (!options.expectUnavailable) expect(await tab.page.locator('[data-unavailable]').count()).toBe(0);
    return tab;
  }
  const waitForCharts = (tab: WatchedPage) =>
    tab.page.waitForFunction(
      () =>
        (globalThis as any).__charts?.has('events-by-year') &&
        (globalThis as any).__charts.has('events-by-type') &&
        (globalThis as any).document.querySelector('.status')?.textContent === '',
      null,
      { timeout: 20000 },
    );
  const chartData = (tab: WatchedPage, id: string) =>
    tab.page.evaluate((chart) => {
      const { labels, datasets } = (globalThis as any).__charts!.get(chart)!.data as any;
      return JSON.parse(JSON.stringify({ labels, datasets: datasets.map((d: any) => ({ label: d.label, country: d.country, types: d.types, data: d.data })) }));
    }, id) as Promise<ChartData>;

  /** year → country → count, from a chart or from the API. */
  function byYearFromChart(chart: ChartData): Record<string, Record<string, number>> {
    const table: Record<string, Record<string, number>> = {};
    for (const dataset of chart.datasets) {
      chart.labels.forEach((year, i) => {
        const n = dataset.data[i] as number;
        if (n) (table[year] ??= {})[dataset.country!] = n;
      });
    }
    return table;
  }
  async function byYearFromApi(countries?: string[]): Promise<Record<string, Record<string, number>>> {
    const { data } = await fed.query('query($c: [CountryCode!]) { eventStats(groupBy: [COUNTRY, YEAR], filter: { countries: $c }) { country year count } }', {
      c: countries ?? null,
    });
    const table: Record<string, Record<string, number>> = {};
    for (const row of data.eventStats) (table[row.year === null ? 'undated' : String(row.year)] ??= {})[row.country] = row.count;
    return table;
  }

  test('events per year by country and events by type are the seeded eventStats; every year on the axis, undated apart', async () => {
    const tab = await open();
    const byYear = await chartData(tab, 'events-by-year');
    expect(byYear.datasets.map((d) => d.country).sort()).toEqual(['AZ', 'KG', 'MN', 'VN']);
    const { undated, ...api } = await byYearFromApi();
    expect(Object.keys(api).length).toBeGreaterThan(2);
    expect(byYearFromChart(byYear)).toEqual(api);
    const years = Object.keys(api).map(Number);
    expect(byYear.labels).toEqual(Array.from({ length: Math.max(...years) - Math.min(...years) + 1 }, (_, i) => String(Math.min(...years) + i)));
    const undatedTotal = Object.values(undated).reduce((a, b) => a + b, 0);
    expect(await tab.page.locator('#undated-events').textContent()).toMatch(new RegExp(`^${undatedTotal} undated events: `));

    const byType = await chartData(tab, 'events-by-type');
    const { data } = await fed.query('{ eventStats(groupBy: [TYPE]) { type count } }');
    const chartTypes = Object.fromEntries(byType.datasets[0].types!.map((t, i) => [t, byType.datasets[0].data[i]]));
    expect(chartTypes).toEqual(Object.fromEntries(data.eventStats.map((r: any) => [r.type, r.count])));
    await tab.context.close();
  });

  test('counts per country, programmes timeline and partners in two or more countries match the API', async () => {
    const tab = await open();
    const { data } = await fed.query(`{
      countries { code events(first: 0) { totalCount } programmes(first: 0) { totalCount } partnerships(first: 0) { totalCount } }
      programmes(first: 500) { nodes { id startDate } }
      organisationReach(minCountries: 2) { globalRef countries }
    }`);
    const rows = await tab.page.$$eval('table.counts tbody tr[data-country]', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-country'), ...[...tr.querySelectorAll('td.num')].map((td) => Number(td.textContent))]),
    );
    expect(rows).toEqual(data.countries.map((c: any) => [c.code, c.events.totalCount, c.programmes.totalCount, c.partnerships.totalCount]));

    const timeline = await chartData(tab, 'programme-timeline');
    const dated = data.programmes.nodes.filter((p: any) => p.startDate);
    expect(timeline.labels).toHaveLength(dated.length);
    expect(timeline.datasets.flatMap((d) => d.data.filter((bar) => bar !== null))).toHaveLength(dated.length);

    const refs = await tab.page.$$eval('table.reach tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-global-ref')));
    expect(refs).toEqual(data.organisationReach.map((g: any) => g.globalRef));
    expect(refs).toContain('XM-DAC-41302');
    await tab.context.close();
  });

  test('the country filter narrows every figure; the language switch shows original wordings', async () => {
    const tab = await open();
    await tab.page.getByLabel('Kyrgyz Republic').uncheck();
    await tab.page.getByLabel('Mongolia').uncheck();
    await tab.page.waitForFunction(() => ((globalThis as any).__charts!.get('events-by-year')!.data.datasets as any[]).every((d) => d.country !== 'KG'));
    await waitForCharts(tab);
    const { undated: _undated, ...dated } = await byYearFromApi(['AZ', 'VN']);
    expect(byYearFromChart(await chartData(tab, 'events-by-year'))).toEqual(dated);
    expect(await tab.page.$$eval('table.counts tbody tr[data-country]', (trs) => trs.map((tr) => tr.getAttribute('data-country')))).toEqual(['AZ', 'VN']);
    expect(new URL(tab.page.url()).searchParams.get('country')).toBe('AZ,VN');

    const { data } = await fed.query(
      '{ organisationReach(minCountries: 2, filter: { countries: [AZ, VN] }) { organisations { country { code } name { original } } } }',
    );
    await tab.page.getByLabel('Original').check();
    const expected = data.organisationReach.flatMap((g: any) => g.organisations.map((o: any) => `${o.country.code} ${o.name.original}`));
    await tab.page.waitForFunction(
      (want) => JSON.stringify([...(globalThis as any).document.querySelectorAll('table.reach li')].map((li: any) => li.textContent.trim())) === want,
      JSON.stringify(expected),
    );
    const shown = await tab.page.$$eval('table.reach li', (lis) => lis.map((li) => li.textContent!.trim()));
    expect(shown).toEqual(expected);
    expect(new URL(tab.page.url()).searchParams.get('text')).toBe('original');
    expect(shown.some((s) => /BƏT|Beynəlxalq/.test(s))).toBe(true);
    await tab.context.close();
  });

  test('a stopped country is named in a visible notice; the others are still shown', async () => {
    fed.proxies.get('VN')!.mode = 'hang';
    try {
      const tab = await open({ expectUnavailable: true });
      const notice = tab.page.locator('[data-unavailable="VN"]');
      await notice.waitFor({ state: 'visible' });
      expect(await notice.textContent()).toMatch(/^Viet Nam \(VN\) is not included\./);
      expect(await tab.page.locator('tr[data-country="VN"] td').first().textContent()).toBe('unavailable');
      const byYear = await chartData(tab, 'events-by-year');
      expect(byYear.datasets.map((d) => d.country).sort()).toEqual(['AZ', 'KG', 'MN']);
      const origin = originOf(fed.gateway.url);
      expect(tab.requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
      expect(tab.problems).toEqual([]);

      // Only VN selected: nothing to draw, but the banner says why and the selection can be changed back.
      await tab.page.getByLabel('Azerbaijan').uncheck();
      await tab.page.getByLabel('Kyrgyz Republic').uncheck();
      await tab.page.getByLabel('Mongolia').uncheck();
      await tab.page.waitForFunction(() => new URLSearchParams((globalThis as any).location.search).get('country') === 'VN');
      await tab.page.waitForFunction(() => (globalThis as any).document.querySelector('.status')?.textContent === '');
      await notice.waitFor({ state: 'visible' });
      await tab.page.getByLabel('Mongolia').check();
      await tab.page.waitForFunction(() => (globalThis as any).document.querySelector('tr[data-country="MN"] td.num'));
      await tab.context.close();
    } finally {
      fed.proxies.get('VN')!.mode = 'pass';
    }
  });
});

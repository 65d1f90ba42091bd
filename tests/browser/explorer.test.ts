import fs from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser, openPage, type WatchedPage } from '../support/browser.js';
import { startFederation, type TestFederation } from '../support/federation.js';
import { startProxy } from '../support/proxy.js';
import { startCuttableFront, type CuttableFront } from '../export/support.js';
import { originOf, testToken } from '../support/web.js';
import { KINDS } from '../../web/explorer/kinds.js';
import { DATA_AS_OF } from '../../web/explorer/as-of.js';
import { ALSO_IN, COUNTRY_FACTS, COUNTRY_FIGURES, listDocument, RECORD_DOCUMENTS } from '../../web/explorer/queries.js';

/**
 * The regional explorer (/explore) and the overview's drill-down, in Debian's Chromium against
 * a federation of four seeded nodes: search across languages, a filter from a chart click, a
 * record's sources, the CSV export of every page, phone width, keyboard, axe-core, a stopped country.
 */
describeInBrowser('regional explorer', () => {
  let fed: TestFederation;
  let browser: Browser;
  let origin: string;
  const ids = (nodes: Array<{ id: string }>) => nodes.map((n) => n.id);

  beforeAll(async () => {
    [fed, browser] = await Promise.all([
      startFederation({
        countries: ['MN', 'KG', 'AZ', 'VN'],
        nodeTimeoutMs: 3000,
        // KG's exports can be cut mid-way; VN can be made to hang (a stopped country).
        front: (url, country) => (country === 'KG' ? startCuttableFront(url) : startProxy(url)),
      }),
      launchBrowser(),
    ]);
    origin = originOf(fed.gateway.url);
    // Three more KG events (in 2018, a year the seeds leave empty), so the list is longer than 20 rows.
    const headers = { authorization: `Bearer ${await testToken('KG')}` };
    for (const day of ['03', '04', '05']) {
      const created = await fed.query(
        'mutation($input: EventInput!) { createEvent(input: $input) { id } }',
        {
          input: {
            country: 'KG',
            title: { lang: 'ky', text: `Кеңешме ${day}`, translations: [{ lang: 'en', text: `Council, "round" ${day}` }] },
            type: 'MEETING',
            startDate: `2018-04-${day}`,
          },
        },
        headers,
      );
      expect(created.errors).toBeUndefined();
    }
  }, 180000);
  afterAll(async () => {
    await browser?.close();
    await fed?.stop();
  });

  async function api(query: string, variables?: Record<string, unknown>) {
    const res = await fed.query(query, variables);
    expect(res.errors).toBeUndefined();
    return res.data;
  }
  async function open(path: string): Promise<WatchedPage> {
    const tab = await openPage(browser);
    await tab.page.goto(`${origin}${path}`);
    return tab;
  }
  /** The rows the list shows once it shows `expected` (waits for the answer). */
  const waitForRows = (page: Page, expected: string[]) =>
    page.waitForFunction(
      (want) =>
        JSON.stringify([...(globalThis as any).document.querySelectorAll('table.results tbody tr')].map((tr: any) => tr.getAttribute('data-id'))) === want,
      JSON.stringify(expected),
      {
        timeout: 30000,
      },
    );
  const countText = (page: Page) => page.locator('#result-count strong').textContent();

  test("every document the pages send is valid against the gateway's schema", async () => {
    for (const kind of KINDS) await api(listDocument(kind), { first: 2, lang: 'ru' });
    const one = {
      events: 'KG:EVT:2016-10-28-employers',
      programmes: 'KG:PRG:sse-asia',
      organisations: 'AZ:ORG:ilo',
      people: 'AZ:PER:guy-ryder',
      partnerships: 'AZ:PSH:ilo-dwcp-2016-2020',
    };
    for (const kind of KINDS) expect((await api(RECORD_DOCUMENTS[kind], { id: one[kind], lang: 'en' })).record.id).toBe(one[kind]);
    await api(ALSO_IN.organisations, { ref: 'XM-DAC-41302' });
    await api(ALSO_IN.people, { ref: 'x' });
    await api(ALSO_IN.programmes, { ref: 'SSE-ASIA' });
    expect((await api(COUNTRY_FACTS, { code: 'KG', lang: 'en' })).country.code).toBe('KG');
    expect((await api(COUNTRY_FIGURES, { countries: ['KG'] })).organisations.totalCount).toBeGreaterThan(0);
    expect((await api(DATA_AS_OF)).countries.map((c: { code: string }) => c.code).sort()).toEqual(['AZ', 'KG', 'MN', 'VN']);
  });

  test('search finds a record by a word in another language; the address holds it and back undoes it', async () => {
    const { events: all } = await api('{ events(first: 100) { totalCount nodes { id } } }');
    const { events: found } = await api('query($t: String) { events(filter: { text: $t }, first: 100) { nodes { id } } }', { t: 'эксперттик' });
    expect(ids(found.nodes)).toEqual(['KG:EVT:2016-11-child-labour-peer-review']);
    const tab = await open('/explore?view=events');
    await waitForRows(tab.page, ids(all.nodes).slice(0, 50));
    await tab.page.getByLabel('Search (any language)').fill('эксперттик');
    await tab.page.keyboard.press('Enter');
    await waitForRows(tab.page, ids(found.nodes));
    // Kyrgyz searched, English shown (the reader's language), and the search is in the address.
    expect(await tab.page.locator('table.results tbody tr td.main').textContent()).toBe('Voluntary peer review on child labour issues');
    expect(new URL(tab.page.url()).searchParams.get('q')).toBe('эксперттик');
    await tab.page.getByLabel('Original').check();
    await tab.page.waitForFunction(() => (globalThis as any).document.querySelector('table.results td.main')?.textContent?.startsWith('балдар эмгеги'));
    await tab.page.goBack();
    await tab.page.goBack();
    await waitForRows(tab.page, ids(all.nodes).slice(0, 50));
    expect(await countText(tab.page)).toBe(`${all.totalCount} events`);
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  test('cursor pages through the gateway: next, previous, back, and a shared page address', async () => {
    const { events } = await api('{ events(first: 100) { totalCount nodes { id } } }');
    const all = ids(events.nodes);
    expect(all.length).toBeGreaterThan(20);
    const tab = await open('/explore?view=events');
    await waitForRows(tab.page, all.slice(0, 50));
    await tab.page.getByLabel('Rows per page').selectOption('10');
    await waitForRows(tab.page, all.slice(0, 10));
    expect(new URL(tab.page.url()).searchParams.get('size')).toBe('10');
    await tab.page.getByRole('link', { name: 'Next page' }).click();
    await waitForRows(tab.page, all.slice(10, 20));
    expect(await tab.page.locator('#result-count').textContent()).toContain('rows 11–20');
    const pageTwo = tab.page.url();
    await tab.page.getByRole('link', { name: 'Next page' }).click();
    await waitForRows(tab.page, all.slice(20, 30));
    expect(await tab.page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    await tab.page.getByRole('link', { name: 'Previous page' }).click();
    await waitForRows(tab.page, all.slice(10, 20));
    await tab.page.goBack();
    await waitForRows(tab.page, all.slice(20, 30));
    await tab.page.goBack();
    await tab.page.goBack();
    await waitForRows(tab.page, all.slice(0, 10));

    // The second page's address opened anew shows the same rows, with the way back to the first.
    const shared = await open(new URL(pageTwo).pathname + new URL(pageTwo).search);
    await waitForRows(shared.page, all.slice(10, 20));
    await shared.page.getByRole('link', { name: 'First page' }).click();
    await waitForRows(shared.page, all.slice(0, 10));
    await Promise.all([tab.context.close(), shared.context.close()]);
  });

  test('a hand-edited address: refused values are named and left out; an unknown record or view says so', async () => {
    const { events } = await api('{ events(filter: { countries: [KG] }) { nodes { id } } }');
    const tab = await open('/explore?view=events&country=KG&type=PARTY&from=2017-13-01');
    await waitForRows(tab.page, ids(events.nodes));
    expect(await tab.page.locator('#ignored-params').textContent()).toContain('type=PARTY, from=2017-13-01');
    await tab.page.goto(`${origin}/explore?view=record&id=KG:EVT:no-such-event`);
    await tab.page.getByText('No record has the id KG:EVT:no-such-event').waitFor();
    await tab.page.goto(`${origin}/explore?view=somewhere`);
    expect(await tab.page.locator('#view-title').textContent()).toBe('Nothing to show at this address');
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  test('a bar of the overview opens the list behind it; its count is the bar; back returns to the charts', async () => {
    const tab = await open('/');
    await tab.page.waitForFunction(
      () => (globalThis as any).__charts?.has('events-by-year') && (globalThis as any).document.querySelector('.status')?.textContent === '',
    );
    // Where Chart.js drew KG's 2016 bar, and its value.
    const bar = await tab.page.evaluate(() => {
      const chart = (globalThis as any).__charts.get('events-by-year');
      const d = chart.data.datasets.findIndex((s: any) => s.country === 'KG');
      const i = chart.data.labels.indexOf('2016');
      const el = chart.getDatasetMeta(d).data[i];
      const box = chart.canvas.getBoundingClientRect();
      return { x: box.left + el.x, y: box.top + (el.y + el.base) / 2, value: chart.data.datasets[d].data[i] };
    });
    await tab.page.mouse.click(bar.x, bar.y);
    await tab.page.waitForURL(/\/explore\?/);
    const params = Object.fromEntries(new URL(tab.page.url()).searchParams);
    expect(params).toMatchObject({ view: 'events', country: 'KG', from: '2016-01-01', to: '2016-12-31' });
    const { events } = await api('{ events(filter: { countries: [KG], from: "2016-01-01", to: "2016-12-31" }) { totalCount nodes { id } } }');
    await waitForRows(tab.page, ids(events.nodes));
    expect(events.totalCount).toBe(bar.value);
    expect(await countText(tab.page)).toBe(`${bar.value} events`);
    await tab.page.goBack();
    await tab.page.waitForFunction(() => (globalThis as any).__charts?.has('events-by-year'));
    expect(new URL(tab.page.url()).pathname).toBe('/');

    // A count opens its list; a country's name its page, whose counts open lists too.
    const { country } = await api('{ country(code: "VN") { events(first: 0) { totalCount } } }');
    await tab.page.locator('tr[data-country="VN"] td.num a').first().click();
    await tab.page.waitForFunction(
      (n) => (globalThis as any).document.querySelector('#result-count strong')?.textContent === `${n} event${n === 1 ? '' : 's'}`,
      country.events.totalCount,
    );
    expect(new URL(tab.page.url()).searchParams.get('country')).toBe('VN');
    await tab.page.goBack();
    await tab.page.locator('tr[data-country="VN"] th a').click();
    await tab.page.locator('.country-page tr[data-kind="events"] a').waitFor();
    expect(await tab.page.locator('.country-page tr[data-kind="events"] a').textContent()).toBe(String(country.events.totalCount));
    await tab.page.goBack();
    await tab.page.waitForFunction(() => (globalThis as any).__charts?.has('events-by-year'));

    // The type chart's bars, and the tables under the charts, lead to the same lists.
    const typeBar = await tab.page.evaluate(() => {
      const chart = (globalThis as any).__charts.get('events-by-type');
      const el = chart.getDatasetMeta(0).data[0];
      const box = chart.canvas.getBoundingClientRect();
      return { x: box.left + (el.x + el.base) / 2, y: box.top + el.y, type: chart.data.datasets[0].types[0], value: chart.data.datasets[0].data[0] };
    });
    await tab.page.mouse.click(typeBar.x, typeBar.y);
    await tab.page.waitForURL(new RegExp(`type=${typeBar.type}`));
    await tab.page.waitForFunction((n) => (globalThis as any).document.querySelector('#result-count strong')?.textContent === `${n} events`, typeBar.value);
    await tab.context.close();
  });

  test("a record page shows every source's excerpt, its texts as written and translated, and the same organisation in other countries", async () => {
    const id = 'KG:EVT:2016-10-28-employers';
    const { event } = await api('query($id: ID!) { event(id: $id) { title { text(lang: "en") original } sources { document excerpt } } }', { id });
    const tab = await open(`/explore?view=record&id=${encodeURIComponent(id)}`);
    await tab.page.locator('blockquote.excerpt').first().waitFor();
    expect(await tab.page.locator('#view-title').textContent()).toBe(event.title.text);
    expect(await tab.page.locator('blockquote.excerpt').allTextContents()).toEqual(event.sources.map((s: any) => s.excerpt).filter(Boolean));
    expect(await tab.page.locator('ol.sources li .code').allTextContents()).toEqual(event.sources.map((s: any) => s.document));
    expect(await tab.page.locator('.texts').textContent()).toContain(event.title.original);

    // The ILO as AZ records it: also in KG, MN and VN by globalRef, each a link to that office's record.
    const { organisations } = await api('{ organisations(filter: { globalRef: "XM-DAC-41302" }) { nodes { id } } }');
    await tab.page.goto(`${origin}/explore?view=record&id=AZ:ORG:ilo`);
    await tab.page.locator('#also-in li').first().waitFor();
    expect(await tab.page.locator('#also-in h3').textContent()).toMatch(/^Also in KG, MN, VN/);
    const hrefs = await tab.page.locator('#also-in a').evaluateAll((as) => as.map((a) => new URL((a as any).href).searchParams.get('id')));
    expect(hrefs).toEqual(ids(organisations.nodes).filter((x) => x !== 'AZ:ORG:ilo'));
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  test("the events CSV is the gateway's bulk export: one row per event of events.totalCount, in the list's order, ending #end", async () => {
    const { events } = await api('{ events(first: 500, orderBy: START_DATE_ASC) { totalCount nodes { id title { original } } } }');
    expect(events.totalCount).toBeGreaterThan(20);
    const tab = await open('/explore?view=events&sort=START_DATE_ASC');
    await tab.page.locator('#result-count').waitFor();
    // "Data as of" per country: KG's is its latest event or programme change (the three events just created).
    const kg = await api(
      '{ events(filter: { countries: [KG] }, first: 1, orderBy: UPDATED_AT_DESC) { nodes { updatedAt } } programmes(filter: { countries: [KG] }, first: 1, orderBy: UPDATED_AT_DESC) { nodes { updatedAt } } }',
    );
    const kgLatest = [kg.events.nodes[0].updatedAt, kg.programmes.nodes[0]?.updatedAt].filter(Boolean).sort().at(-1);
    await tab.page.locator('#data-as-of').waitFor();
    expect(await tab.page.locator('#data-as-of [data-country]').evaluateAll((e) => e.map((x) => x.getAttribute('data-country')))).toHaveLength(4);
    expect(await tab.page.locator('#data-as-of [data-country="KG"] time').getAttribute('datetime')).toBe(kgLatest);
    const [download] = await Promise.all([tab.page.waitForEvent('download'), tab.page.getByRole('button', { name: 'Export CSV (all pages)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^ilo-events-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...records] = parseCsv(text.slice(1));
    // The gateway's columns (docs/clients.md "Bulk export"): its cursor last, its end line after the rows.
    expect(header.slice(0, 5)).toEqual(['id', 'country', 'title', 'title_original', 'title_original_lang']);
    expect(header.at(-1)).toBe('cursor');
    expect(records.at(-1)).toEqual(['#end', String(events.totalCount)]);
    const rows = records.slice(0, -1);
    expect(rows).toHaveLength(events.totalCount);
    expect(rows.map((r) => r[0])).toEqual(ids(events.nodes));
    expect(rows.map((r) => r[header.indexOf('title_original')])).toEqual(events.nodes.map((n: any) => n.title.original));
    expect(rows.find((r) => r[0].startsWith('KG:EVT:2018'))![header.indexOf('title')]).toMatch(/^Council, "round" 0\d$/);
    await tab.page.waitForFunction(
      (n) => (globalThis as any).document.querySelector('#export-status')?.textContent === `Exported ${n} rows.`,
      events.totalCount,
    );
    await tab.context.close();
  });

  test("the organisations CSV holds every organisation in list order, from the gateway's bulk export", async () => {
    const { organisations } = await api('{ organisations(first: 500) { totalCount nodes { id } } }');
    // Pages of 7 rows, so the export walks several cursors.
    const tab = await open('/explore?view=organisations&exportPage=7');
    await tab.page.locator('#result-count').waitFor();
    const [download] = await Promise.all([tab.page.waitForEvent('download'), tab.page.getByRole('button', { name: 'Export CSV (all pages)' }).click()]);
    const [header, ...records] = parseCsv(fs.readFileSync((await download.path())!, 'utf8').slice(1));
    expect(header.slice(0, 2)).toEqual(['id', 'country']);
    // The gateway's file (not GraphQL pages): its cursor column, and its last line says it is complete.
    expect(header[header.length - 1]).toBe('cursor');
    const rows = records.filter((r) => r.length > 1 && !r[0].startsWith('#'));
    expect(records.filter((r) => r[0].startsWith('#'))).toEqual([['#end', String(organisations.totalCount)]]);
    expect(rows.map((r) => r[0])).toEqual(ids(organisations.nodes));
    await tab.context.close();
  });

  test('a country that stops in the middle of the export: the export is shown failed, naming it, and the download does not complete', async () => {
    const kg = fed.proxies.get('KG') as CuttableFront;
    const downloads: Download[] = [];
    const tab = await open('/explore?view=events&country=KG');
    await tab.page.locator('#result-count').waitFor();
    tab.page.on('download', (d) => downloads.push(d));
    // KG's node answer is dropped after its first rows have gone out.
    kg.cutExportsAfter = 3000;
    try {
      // What the explorer reads: the gateway answers 200, rows, then an error line naming KG.
      const direct = await fetch(`${origin}/export/events.csv?filter=${encodeURIComponent('{"countries":["KG"]}')}`);
      const body = await direct.text();
      expect([direct.status, body.slice(0, 300)]).toEqual([200, expect.any(String)]);
      expect(body.split('\r\n').length).toBeGreaterThan(3);
      expect(body).toMatch(/\r\n#error,COUNTRY_[A-Z_]+,KG,[^\r\n]*\r\n$/);
      await tab.page.getByRole('button', { name: 'Export CSV (all pages)' }).click();
      await tab.page.waitForFunction(() => (globalThis as any).document.querySelector('#export-status')?.getAttribute('data-state') === 'failed');
    } finally {
      kg.cutExportsAfter = null;
    }
    expect(await tab.page.locator('#export-status').textContent()).toMatch(/^Export stopped: (no answer from KG|KG sent an answer the gateway refused)\./);
    // A download the rows before the cut may have started ends failed, never as a finished file.
    for (const d of downloads) expect(await d.failure()).not.toBeNull();
    await tab.context.close();
  });

  test('keyboard only: search, open a result, land on its heading', async () => {
    const tab = await open('/explore?view=people');
    await tab.page.locator('#result-count').waitFor();
    await tab.page.getByLabel('Search (any language)').focus();
    await tab.page.keyboard.type('Ryder');
    await tab.page.keyboard.press('Enter');
    await tab.page.waitForFunction(() => (globalThis as any).document.querySelector('#result-count strong')?.textContent === '1 person');
    for (let i = 0; i < 80; i++) {
      await tab.page.keyboard.press('Tab');
      if (await tab.page.evaluate(() => Boolean((globalThis as any).document.activeElement?.closest('table.results td.main')))) break;
    }
    await tab.page.keyboard.press('Enter');
    await tab.page.waitForFunction(
      () => (globalThis as any).document.activeElement?.id === 'view-title' && /Ryder/.test((globalThis as any).document.activeElement.textContent ?? ''),
    );
    expect(new URL(tab.page.url()).searchParams.get('id')).toBe('AZ:PER:guy-ryder');
    await tab.page.goBack();
    await tab.page.waitForFunction(() => (globalThis as any).document.querySelector('#result-count strong')?.textContent === '1 person');
    await tab.context.close();
  });

  const PAGES = ['/', '/explore?view=events', '/explore?view=partnerships', '/explore?view=record&id=KG:PRG:sse-asia', '/explore?view=country&code=VN'];

  test('on a 390 px phone nothing is wider than the screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    for (const path of PAGES) {
      await page.goto(`${origin}${path}`);
      await page.locator('#view-title, canvas#programme-timeline').first().waitFor();
      await page.waitForFunction(() => !(globalThis as any).document.querySelector('.status')?.textContent);
      expect([path, await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)]).toEqual([path, 390]);
    }
    await context.close();
  });

  test('axe-core finds no serious or critical violation, in English and Russian', async () => {
    const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const tab = await openPage(browser);
    for (const path of [...PAGES, '/explore?view=events&ui=ru']) {
      await tab.page.goto(`${origin}${path}`);
      await tab.page.locator('#view-title, canvas#programme-timeline').first().waitFor();
      await tab.page.waitForFunction(() => !(globalThis as any).document.querySelector('.status')?.textContent);
      // Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on.
      await tab.page.evaluate(axe);
      const violations = await tab.page.evaluate(async () => {
        const result = await (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
          .map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
      });
      expect([path, violations]).toEqual([path, []]);
    }
    expect(await tab.page.locator('nav.kinds a[aria-current="page"]').textContent()).toBe('Мероприятия');
    expect(await tab.page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('ru');
    await tab.context.close();
  });

  test('a stopped country: a banner names it and since when, the counts say they exclude it, the export refuses to look complete', async () => {
    const vn = fed.proxies.get('VN')!;
    vn.mode = 'hang';
    try {
      const { events } = await api('{ events(filter: { countries: [MN, KG, AZ] }, first: 0) { totalCount } }');
      // Three unanswered requests open VN's circuit; from then on the gateway knows since when.
      // Three different reads: identical ones in flight together share one node request (single-flight).
      await Promise.all([1, 2, 3].map((n) => fed.query(`{ events(filter: { countries: [VN] }, first: ${n}) { totalCount } }`)));
      await waitForHealth((n) => n.breaker.state !== 'closed');
      const tab = await open('/explore?view=events');
      // Since when comes from the gateway's health, asked after the answer arrives.
      const banner = tab.page.locator('[data-unavailable="VN"][data-health="checked"]');
      await banner.waitFor();
      expect(await banner.textContent()).toMatch(
        /^Viet Nam \(VN\) is not included\. Its office's server did not answer \(unavailable since .+\)\. These figures exclude it: the list of Events and its count\./,
      );
      expect(await countText(tab.page)).toBe(`${events.totalCount} events`);
      expect(await tab.page.locator('#result-count .excludes').textContent()).toBe('excludes Viet Nam (VN)');
      await tab.page.locator('#data-as-of').waitFor();
      expect(await tab.page.locator('#data-as-of [data-country="VN"]').textContent()).toMatch(/VN unknown \(no answer\)$/);
      expect(await tab.page.locator('#data-as-of [data-country="KG"]').getAttribute('data-state')).toBe('known');
      await tab.page.getByRole('button', { name: 'Export CSV (all pages)' }).click();
      await tab.page.waitForFunction(() => (globalThis as any).document.querySelector('#export-status')?.getAttribute('data-state') === 'failed');
      expect(await tab.page.locator('#export-status').textContent()).toContain('no answer from VN');

      await tab.page.goto(`${origin}/`);
      await tab.page.locator('[data-unavailable="VN"]').waitFor();
      expect(await tab.page.locator('[data-unavailable="VN"]').textContent()).toContain(
        'These figures exclude it: Events per year by country; Events by type; Counts per country;',
      );
      expect(await tab.page.locator('tr[data-country="VN"] td').first().textContent()).toBe('unavailable');
      expect(await tab.page.locator('section h2 .excludes').first().textContent()).toBe('excludes Viet Nam (VN)');

      // VN's own record and page say they cannot be shown; another office's record says what "also in" cannot know.
      await tab.page.goto(`${origin}/explore?view=record&id=VN:EVT:2015-12-10-partnership-conference`);
      await tab.page.locator('[data-unavailable="VN"]').waitFor();
      expect(await tab.page.locator('[data-unavailable="VN"]').textContent()).toContain('These figures exclude it: this record.');
      expect(await tab.page.locator('dl.fields').count()).toBe(0);
      await tab.page.goto(`${origin}/explore?view=country&code=VN`);
      await tab.page.locator('#data-as-of').waitFor();
      expect(await tab.page.locator('#data-as-of').textContent()).toBe("unknown: the office's server does not answer");
      expect(await tab.page.locator('.country-page tr[data-kind="events"] td').textContent()).toBe('unavailable');
      await tab.page.goto(`${origin}/explore?view=record&id=AZ:ORG:ilo`);
      await tab.page.getByText('Not known for VN: no answer from there.').waitFor();
      expect(await tab.page.locator('#also-in h3').textContent()).toBe('Also in KG, MN');
      await tab.context.close();
    } finally {
      vn.mode = 'pass';
      // A passing health probe only admits one trial request; the trial's success closes the circuit.
      await waitForHealth(
        (n) => n.breaker.state === 'closed',
        () => fed.query('{ events(filter: { countries: [VN] }, first: 0) { totalCount } }'),
      );
    }
  });

  async function waitForHealth(ok: (vn: { breaker: { state: string } }) => boolean, poke?: () => Promise<unknown>): Promise<void> {
    for (let i = 0; i < 120; i++) {
      const health = (await (await fetch(`${origin}/health`)).json()) as any;
      if (ok(health.nodes.find((n: any) => n.country === 'VN'))) return;
      await poke?.();
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('VN never reached the expected circuit state');
  }
});

/** RFC 4180 as the export writes it (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

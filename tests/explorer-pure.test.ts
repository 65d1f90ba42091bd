import { isEnumType } from 'graphql';
import { countrySchema } from '../subgraphs/country/schema.js';
import { missingKeys } from '../web/shared/i18n.js';
import { explorer } from '../web/shared/messages/explorer.js';
import { common } from '../web/shared/messages/common.js';
import { BOM, csvCell, csvHeader, csvRows } from '../web/explorer/csv.js';
import { csvChunks, ExportError, exportQuery, exportSearch, parseExport, type ExportRequest } from '../web/explorer/export-core.js';
import { period, yearSpan } from '../web/explorer/format.js';
import { asOfRows } from '../web/explorer/as-of.js';
import { CsvTail, exportChunks, gatewayExportUrl } from '../web/explorer/gateway-export.js';
import { ENUMS, KINDS, SPECS, kindOfId } from '../web/explorer/kinds.js';
import { excludedFrom, missingCountries, staleCountries, withoutStaleParts } from '../web/explorer/partial.js';
import { countryParts } from '../web/shared/country-parts.js';
import { listHref, listQuery, pageHref, parseRoute, recordHref, withParam } from '../web/explorer/route.js';

/** The explorer's pure parts: its address, its catalogue, CSV, partial answers and the page-by-page export. */

describe('explorer address', () => {
  test('a list address gives the API filter, order and cursor; everything else is ignored', () => {
    const route = parseRoute(
      '?view=events&q=%20peer%20&country=KG,MN&type=MEETING&from=2017-01-01&to=2017-12-31&since=2026-01-02&sort=START_DATE_ASC&after=abc&n=50&junk=1',
    );
    expect(route).toEqual({
      view: 'list',
      kind: 'events',
      params: { q: 'peer', country: 'KG,MN', type: 'MEETING', from: '2017-01-01', to: '2017-12-31', since: '2026-01-02' },
      sort: 'START_DATE_ASC',
      after: 'abc',
      offset: 50,
      size: 50,
    });
    expect(parseRoute('?view=people&size=10')).toMatchObject({ size: 10 });
    expect(parseRoute('?view=people&size=100000')).toMatchObject({ size: 50 });
    expect(listQuery(route as Extract<typeof route, { view: 'list' }>)).toEqual({
      filter: { text: 'peer', countries: ['KG', 'MN'], types: ['MEETING'], from: '2017-01-01', to: '2017-12-31', updatedSince: '2026-01-02T00:00:00Z' },
      orderBy: 'START_DATE_ASC',
      after: 'abc',
      problems: [],
    });
  });

  test('values the API would refuse are left out and named, so a bad link still opens a list', () => {
    const route = parseRoute('?view=organisations&country=KG,Kyrgyzstan&type=MEETING&since=2026-02-30&sort=START_DATE_ASC&q=' + 'x'.repeat(201));
    const query = listQuery(route as Extract<typeof route, { view: 'list' }>);
    expect(query.filter).toBeNull();
    expect(query.problems.map((p) => p.param).sort()).toEqual(['country', 'q', 'since', 'sort', 'type']);
  });

  test('records and countries by address; anything else is invalid', () => {
    expect(parseRoute('?view=record&id=KG:EVT:2016-10-28-employers')).toEqual({ view: 'record', kind: 'events', id: 'KG:EVT:2016-10-28-employers' });
    expect(parseRoute('?view=record&id=VN:PER:x')).toMatchObject({ kind: 'people' });
    expect(parseRoute('?view=record&id=KG:XYZ:x')).toEqual({ view: 'invalid', problem: 'KG:XYZ:x' });
    expect(parseRoute('?view=country&code=kg')).toEqual({ view: 'country', code: 'KG' });
    expect(parseRoute('?view=nothing').view).toBe('invalid');
    expect(parseRoute('').view).toBe('list');
    expect(kindOfId('AZ:PSH:y')).toBe('partnerships');
  });

  test('links keep the reader language settings; a changed filter goes back to the first page', () => {
    expect(listHref('events', { country: 'KG', from: '2017-01-01', to: undefined }, '?ui=ru&text=original&q=x')).toBe(
      'explore?view=events&country=KG&from=2017-01-01&ui=ru&text=original',
    );
    expect(recordHref('KG:EVT:a', '?ui=ru')).toBe('explore?view=record&id=KG%3AEVT%3Aa&ui=ru');
    expect(withParam('?view=events&after=c&n=50&q=a', 'q', 'b')).toBe('explore?view=events&q=b');
    expect(pageHref('?view=events', 'cur', 50)).toBe('explore?view=events&after=cur&n=50');
  });
});

describe('explorer text', () => {
  test('the explorer and common catalogues are complete in Russian', () => {
    expect(missingKeys(explorer, 'ru')).toEqual([]);
    expect(missingKeys(common, 'ru')).toEqual([]);
  });

  test('every key built from a kind, a filter or an enum value exists', () => {
    const keys = [
      ...KINDS.flatMap((k) => [`kind.${k}`, `count.${k}`]),
      ...KINDS.flatMap((k) => SPECS[k].filters.filter((f) => f.type !== 'countries' && f.param !== 'q').map((f) => `filter.${f.param}`)),
      ...Object.entries(ENUMS)
        .filter(([name]) => name !== 'ProgrammeOrder')
        .flatMap(([name, values]) => values.map((v) => `${name}.${v}`)),
    ];
    expect(keys.filter((k) => !(k in explorer.en))).toEqual([]);
  });

  test("the enum values offered are the served schema's", async () => {
    const { schema } = await countrySchema();
    for (const [name, values] of Object.entries(ENUMS)) {
      const type = schema.getType(name);
      expect(isEnumType(type) ? type.getValues().map((v) => v.name) : null).toEqual([...values]);
    }
  });
});

describe('explorer formatting', () => {
  test('dates at their precision, and years without gaps', () => {
    expect(period('2016-11-01', '2016-11-01', 'MONTH')).toBe('2016-11');
    expect(period('2017-01-01', '2019-01-01', 'YEAR')).toBe('2017 – 2019');
    expect(period(null, null, 'UNKNOWN')).toBeNull();
    expect(yearSpan([2022, 2015, 2017])).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]);
  });

  test('CSV: quoted when needed, quotes doubled, formulas defused, numbers kept', () => {
    expect(csvCell('Hội nghị, "đối tác"')).toBe('"Hội nghị, ""đối tác"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-3')).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
    const columns = [
      { header: 'id', value: (r: any) => r.id },
      { header: 'n', value: (r: any) => r.n },
    ];
    expect(csvHeader(columns) + csvRows(columns, [{ id: 'a', n: 1 }])).toBe('id,n\r\na,1\r\n');
  });
});

describe('partial answers', () => {
  const vn = { message: 'VN unavailable', extensions: { code: 'COUNTRY_UNAVAILABLE', country: 'VN' } };
  test('an error at a path names what it leaves out; one without a path touches every field', () => {
    const placed = [
      { ...vn, path: ['events'], extensions: { ...vn.extensions, missingCountries: ['VN', 'AZ'] } },
      { message: 'bad', path: ['byType'], extensions: { code: 'BAD_USER_INPUT' } },
    ];
    expect(excludedFrom(placed, 'events', null)).toEqual(['AZ', 'VN']);
    expect(excludedFrom(placed, 'byType', null)).toEqual([]);
    expect(excludedFrom([vn], 'anything', null)).toEqual(['VN']);
    expect(excludedFrom([vn], 'anything', ['KG'])).toEqual([]);
    expect(missingCountries(placed)).toEqual([
      { country: 'AZ', code: 'COUNTRY_UNAVAILABLE' },
      { country: 'VN', code: 'COUNTRY_UNAVAILABLE' },
    ]);
  });

  const asOf = '2026-12-07T09:12:03.120Z';
  const kgStale = {
    message: 'KG unavailable; answered from its last known data',
    path: ['events'],
    extensions: { code: 'COUNTRY_UNAVAILABLE', country: 'KG', servedStale: true, dataVersion: 41, asOf },
  };
  const vnMissing = { ...vn, path: ['events'], extensions: { ...vn.extensions, missingCountries: ['VN'] } };
  test('a part served from last known data leaves nothing out: it is stale, with its version and age, from extensions.countries or the error', () => {
    const parts = countryParts([
      { country: 'KG', status: 'STALE', dataVersion: 41, asOf },
      { country: 'VN', status: 'MISSING', dataVersion: null, asOf: null },
      { country: 'MN', status: 'FRESH', dataVersion: 1093, asOf: null },
    ]);
    const live = withoutStaleParts([kgStale, vnMissing], parts);
    expect(live).toEqual([vnMissing]);
    expect(excludedFrom(live, 'events', null)).toEqual(['VN']);
    expect(staleCountries([kgStale, vnMissing], parts)).toEqual([{ country: 'KG', dataVersion: 41, asOf }]);
    // Without extensions.countries (a client that lost them, an older gateway): the error's own word.
    expect(withoutStaleParts([kgStale, vnMissing])).toEqual([vnMissing]);
    expect(staleCountries([kgStale, vnMissing])).toEqual([{ country: 'KG', dataVersion: 41, asOf }]);
    // extensions.countries says STALE though the error does not: still included.
    const plain = { ...kgStale, extensions: { code: 'COUNTRY_UNAVAILABLE', country: 'KG' } };
    expect(staleCountries([plain], parts)).toEqual([{ country: 'KG', dataVersion: 41, asOf }]);
    expect(withoutStaleParts([plain], parts)).toEqual([]);
  });

  test('extensions.countries is read entry by entry: what does not read as a country part is dropped', () => {
    expect(countryParts(undefined)).toBeUndefined();
    expect(countryParts('KG')).toBeUndefined();
    expect(
      countryParts([
        null,
        { country: 'KG', status: 'OLD' },
        { country: 7, status: 'STALE' },
        { country: 'KG', status: 'STALE', dataVersion: 'x', asOf: 'yesterday' },
      ]),
    ).toEqual([{ country: 'KG', status: 'STALE', dataVersion: null, asOf: null }]);
  });
});

describe('export, page by page', () => {
  /** A fake gateway over `rows`, answering pages after a numeric cursor; `fail` answers one page with an error. */
  function fakeGateway(rows: Array<{ id: string }>, fail?: { page: number; error: object }) {
    const asked: Array<Record<string, any>> = [];
    const fetchImpl = async (url: string) => {
      const variables = JSON.parse(new URL(url).searchParams.get('variables')!);
      asked.push(variables);
      const start = variables.after ? Number(variables.after) : 0;
      const nodes = rows.slice(start, start + variables.first);
      const end = start + nodes.length;
      const errors = fail && asked.length === fail.page ? [fail.error] : undefined;
      return {
        status: 200,
        json: async () => ({
          data: { list: { totalCount: rows.length, pageInfo: { hasNextPage: end < rows.length, endCursor: String(end) }, nodes } },
          errors,
        }),
      };
    };
    return { asked, fetchImpl };
  }
  const rows = Array.from({ length: 23 }, (_, i) => ({
    id: `KG:EVT:${i}`,
    country: { code: 'KG' },
    title: { en: `t${i}`, original: `o${i}`, originalLang: 'ky' },
  }));

  test('every page once, in order, header first; one page at a time', async () => {
    const gw = fakeGateway(rows);
    const chunks = [];
    for await (const chunk of csvChunks('http://gw/graphql', { kind: 'events', filter: { countries: ['KG'] }, orderBy: null, pageSize: 7 }, gw.fetchImpl))
      chunks.push(chunk);
    expect(chunks.map((c) => c.rows)).toEqual([7, 7, 7, 2]);
    expect(gw.asked.map((v) => v.after)).toEqual([null, '7', '14', '21']);
    const text = chunks.map((c) => c.text).join('');
    expect(text.startsWith(BOM + 'id,country,type,')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(rows.map((r) => r.id));
  });

  test('a page without a country stops the export with its name: no file looks complete and is not', async () => {
    const gw = fakeGateway(rows, { page: 2, error: { message: 'no answer', extensions: { code: 'COUNTRY_UNAVAILABLE', country: 'VN' } } });
    const got: number[] = [];
    const run = async () => {
      for await (const chunk of csvChunks('http://gw/graphql', { kind: 'events', filter: null, orderBy: null, pageSize: 7 }, gw.fetchImpl))
        got.push(chunk.rows);
    };
    await expect(run()).rejects.toEqual(new ExportError('no answer from VN', ['VN']));
    expect(got).toEqual([7]);
  });

  test('a page that never comes stops the export at its deadline', async () => {
    const hung = (_url: string, init: { signal: AbortSignal }) =>
      new Promise<never>((_resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    const run = async () => {
      for await (const _chunk of csvChunks('http://gw/graphql', { kind: 'events', filter: null, orderBy: null, pageSize: 7 }, hung, 50));
    };
    await expect(run()).rejects.toThrow(/the gateway did not answer/);
  });

  test("the worker's address carries the request and nothing else gets through", () => {
    const req = { kind: 'programmes' as const, filter: { status: ['CLOSED'] }, orderBy: 'START_DATE_ASC', pageSize: 500 };
    expect(parseExport('programmes', exportSearch(req))).toEqual(req);
    expect(parseExport('secrets', exportSearch(req))).toBeNull();
    expect(parseExport('events', 'page=501')).toBeNull();
    expect(parseExport('events', 'filter=[1]')).toBeNull();
    expect(parseExport('events', 'filter={bad')).toBeNull();
    expect(exportQuery('organisations')).not.toMatch(/orderBy/);
  });
});

describe('export through the gateway bulk export', () => {
  const HEAD = '\uFEFFid,country,title,cursor\r\n';
  const row = (i: number) => `KG:EVT:${i},KG,"t ""${i}""\r\nline 2",c${i}\r\n`;
  const req: ExportRequest = { kind: 'events', filter: { countries: ['KG'] }, orderBy: 'START_DATE_ASC', pageSize: 500 };
  /** A gateway answering the export with these pieces of text (a 404 for kinds it has no export for). */
  function gateway(pieces: string[], status = 200, kinds = ['events']) {
    const asked: string[] = [];
    const fetchImpl = async (url: string) => {
      asked.push(url);
      const kind = /export\/([a-z]+)\.csv/.exec(url)?.[1];
      if (kind && !kinds.includes(kind)) return new Response('{"error":"Not found"}', { status: 404 });
      if (!kind) {
        const body = {
          data: { list: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: 'x' }, nodes: [{ id: 'KG:ORG:a', country: { code: 'KG' } }] } },
        };
        return new Response(JSON.stringify(body), { status: 200 });
      }
      const bytes = pieces.map((p) => new TextEncoder().encode(p));
      return new Response(new ReadableStream({ pull: (c) => (bytes.length ? c.enqueue(bytes.shift()!) : c.close()) }), { status });
    };
    return { asked, fetchImpl };
  }
  const collect = async (gw: ReturnType<typeof gateway>, r: ExportRequest = req) => {
    const chunks: Array<{ text: string; done: number }> = [];
    let error: unknown = null;
    try {
      for await (const chunk of exportChunks('http://gw/', r, gw.fetchImpl as never, 1000)) chunks.push(chunk);
    } catch (e) {
      error = e;
    }
    return { chunks, error, text: chunks.map((c) => c.text).join('') };
  };

  test("the list's filter and order go to GET export/<kind>.csv; the bytes are the gateway's, the byte-order mark kept", async () => {
    expect(gatewayExportUrl('http://gw/base/', req)).toBe(
      `http://gw/base/export/events.csv?filter=${encodeURIComponent('{"countries":["KG"]}')}&orderBy=START_DATE_ASC`,
    );
    const file = HEAD + row(1) + row(2) + row(3) + '#end,3\r\n';
    // Pieces that end mid-row: rows are counted across them.
    const gw = gateway([file.slice(0, 20), file.slice(20, 47), file.slice(47)]);
    const { chunks, error, text } = await collect(gw);
    expect(error).toBeNull();
    expect(text).toBe(file);
    expect(chunks.at(-1)!.done).toBe(3);
    expect(gw.asked).toEqual([gatewayExportUrl('http://gw/', req)]);
  });

  test('an export ending with #error fails naming the country, after passing on the rows it had', async () => {
    const gw = gateway([HEAD + row(1), row(2) + '#error,COUNTRY_UNAVAILABLE,VN,c2,,"VN: stopped, mid-way"\r\n']);
    const { chunks, error } = await collect(gw);
    expect(error).toEqual(new ExportError('no answer from VN', ['VN']));
    expect((error as ExportError).countries).toEqual(['VN']);
    expect(chunks.at(-1)!.done).toBe(2);
  });

  test('a file without its end line, or whose count disagrees, is never complete', async () => {
    expect((await collect(gateway([HEAD + row(1)]))).error).toEqual(new ExportError('the connection broke before the end of the file'));
    expect((await collect(gateway([HEAD + row(1) + '#end,2\r\n']))).error).toEqual(new ExportError('the file holds 1 rows where the gateway sent 2'));
    expect((await collect(gateway([HEAD + row(1) + '#end,1']))).error).toEqual(new ExportError('the connection broke before the end of the file'));
  });

  test('a refusal before any byte names the country; a kind without an export falls back to GraphQL pages', async () => {
    const refused = gateway([JSON.stringify({ errors: [{ message: 'VN: circuit open', extensions: { code: 'COUNTRY_UNAVAILABLE', country: 'VN' } }] })], 503);
    const got = await collect(refused);
    expect(got.error).toEqual(new ExportError('no answer from VN', ['VN']));
    expect(got.chunks).toEqual([]);
    const budget = gateway([JSON.stringify({ errors: [{ message: 'Too many exports at once', extensions: { code: 'RATE_LIMITED' } }] })], 429);
    expect((await collect(budget)).error).toEqual(new ExportError('Too many exports at once'));

    const gw = gateway([]);
    const orgs = await collect(gw, { ...req, kind: 'organisations', orderBy: null });
    expect(orgs.error).toBeNull();
    expect(gw.asked[0]).toMatch(/^http:\/\/gw\/export\/organisations\.csv\?/);
    expect(gw.asked[1]).toMatch(/^http:\/\/gw\/graphql\?/);
    expect(orgs.text.split('\r\n')[1]).toMatch(/^KG:ORG:a,KG/);
  });

  test('rows are counted outside quotes; header and # lines are not rows', () => {
    const tail = new CsvTail();
    for (const c of HEAD + row(1) + row(2) + '#end,2\r\n') tail.feed(c);
    expect(tail.rows).toBe(2);
    expect(tail.finish()).toBe(2);
  });
});

describe('data as of', () => {
  const at = (updatedAt: string) => ({ nodes: [{ updatedAt }] });
  test("each asked country's latest event or programme change; unknown when it did not answer", () => {
    const countries = [
      { code: 'KG', events: at('2026-01-02T00:00:00Z'), programmes: at('2026-03-01T00:00:00Z') },
      { code: 'MN', events: { nodes: [] }, programmes: { nodes: [] } },
      { code: 'VN', events: null, programmes: null },
    ];
    expect(asOfRows(null, countries)).toEqual([
      { code: 'KG', state: 'known', when: '2026-03-01T00:00:00Z' },
      { code: 'MN', state: 'none' },
      { code: 'VN', state: 'unknown' },
    ]);
    expect(asOfRows(['VN', 'AZ'], countries)).toEqual([
      { code: 'VN', state: 'unknown' },
      { code: 'AZ', state: 'unknown' },
    ]);
    expect(asOfRows(['KG'], null)).toEqual([{ code: 'KG', state: 'unknown' }]);
  });
});

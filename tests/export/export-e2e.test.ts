import { mintToken } from '../../platform/auth.js';
import { DEV_JWT_SECRET, loadGatewayConfig } from '../../platform/config.js';
import { startGateway, type RunningGateway } from '../../gateway/server.js';
import { startFederation, type TestFederation } from '../support/federation.js';
import { pageThroughGraphQL, readExport, cuttableFronts } from './support.js';

/*
 * The bulk export through the real federation: four nodes with generated data (undated rows,
 * shared dates, every script), the gateway, real HTTP and PostgreSQL cursors. The export must be
 * exactly the rows, order and values of paging through the GraphQL `events` field.
 */

jest.setTimeout(180_000);

let fed: TestFederation;
const { fronts, front } = cuttableFronts();
const exportUrl = (path: string, params: Record<string, string> = {}) => `${fed.gateway.url.replace(/\/graphql$/, '')}${path}?${new URLSearchParams(params)}`;

beforeAll(async () => {
  fed = await startFederation({
    generate: { events: 700, programmes: 40 },
    front,
  });
});

afterAll(async () => {
  await fed?.stop();
});

function rowsOf(body: string): string[] {
  return body
    .split('\n')
    .filter((l) => l.startsWith('{"cursor"'))
    .map((l) => `${l}\n`);
}

function lastLine(body: string): any {
  const lines = body.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

describe('GET /export/events.ndjson', () => {
  it.each([
    ['the default order, no filter', {}],
    ['UPDATED_AT_DESC with types and a date range', { orderBy: 'UPDATED_AT_DESC', filter: { types: ['TRAINING', 'MEETING', 'SEMINAR'], from: '2012-01-01' } }],
    ['START_DATE_ASC with a text search and two countries', { orderBy: 'START_DATE_ASC', filter: { text: 'a', countries: ['KG', 'VN'] } }],
  ])('is byte for byte the GraphQL pages: %s', async (_name, args: { orderBy?: string; filter?: unknown }) => {
    const expected = await pageThroughGraphQL(fed.query, args);
    const params: Record<string, string> = {};
    if (args.orderBy) params.orderBy = args.orderBy;
    if (args.filter) params.filter = JSON.stringify(args.filter);
    const { status, body, headers } = await readExport(exportUrl('/export/events.ndjson', params));
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/application\/x-ndjson/);
    expect(expected.length).toBeGreaterThan(100);
    expect(body).toBe(expected.join('') + `{"end":{"rows":${expected.length}}}\n`);
  });

  it('resumes a broken download with after: the rest, each row exactly once', async () => {
    const full = rowsOf((await readExport(exportUrl('/export/events.ndjson'))).body);
    // Read part of it, then drop the connection mid-line, as a failing network would.
    const controller = new AbortController();
    const res = await fetch(exportUrl('/export/events.ndjson'), { signal: controller.signal });
    const reader = res.body!.getReader();
    let received = '';
    while (received.length < 300_000) {
      const { value, done } = await reader.read();
      if (done) break;
      received += Buffer.from(value).toString('utf8');
    }
    controller.abort();
    const got = received.split('\n').slice(0, -1); // the last piece may be half a line
    expect(got.length).toBeGreaterThan(10);
    expect(got.length).toBeLessThan(full.length);
    const after = JSON.parse(got[got.length - 1]).cursor as string;
    const rest = await readExport(exportUrl('/export/events.ndjson', { after }));
    expect(lastLine(rest.body)).toEqual({ end: { rows: full.length - got.length } });
    expect([...got.map((l) => `${l}\n`), ...rowsOf(rest.body)]).toEqual(full);
  });

  it('exports only what every reader may see, whoever asks', async () => {
    const analyst = await mintToken({ secret: DEV_JWT_SECRET, sub: 'bi-analyst', role: 'analyst' });
    const editor = await mintToken({ secret: DEV_JWT_SECRET, sub: 'kg-editor', role: 'editor', country: 'KG' });
    const anonymous = (await readExport(exportUrl('/export/events.ndjson', { filter: '{"countries":["KG"]}' }))).body;
    for (const token of [analyst, editor]) {
      const body = (await readExport(exportUrl('/export/events.ndjson', { filter: '{"countries":["KG"]}' }), { authorization: `Bearer ${token}` })).body;
      expect(body).toBe(anonymous);
    }
    const keys = new Set(rowsOf(anonymous).flatMap((l) => Object.keys(JSON.parse(l).node)));
    // Record history (editors and analysts only) and the node's internal columns never leave it.
    expect([...keys].sort()).toEqual(
      [
        'city',
        'country',
        'datePrecision',
        'endDate',
        'id',
        'online',
        'outcomes',
        'participantCount',
        'presentationCount',
        'programmeId',
        'sources',
        'startDate',
        'summary',
        'themes',
        'title',
        'type',
        'updatedAt',
        'venue',
        'version',
      ].sort(),
    );
  });

  it.each([
    ['filter that is not JSON', { filter: '{types:' }, /filter is not JSON/],
    ['unknown enum value', { filter: '{"types":["PARTY"]}' }, /filter\.types/],
    ['unknown filter field', { filter: '{"colour":"red"}' }, /colour/],
    ['unknown order', { orderBy: 'TITLE' }, /orderBy must be one of/],
    [
      'cursor of another order',
      { orderBy: 'START_DATE_ASC', after: Buffer.from(JSON.stringify(['ID_ASC', null, 'KG:EVT:x'])).toString('base64url') },
      /cursor for order ID_ASC/,
    ],
    ['from after to (checked by the nodes)', { filter: '{"from":"2020-01-01","to":"2019-01-01"}' }, /is after filter.to/],
    ['unknown parameter', { first: '10' }, /Unknown parameter first/],
  ])('answers a bad request with 400 BAD_USER_INPUT and nothing else: %s', async (_name, params: Record<string, string>, message: RegExp) => {
    const res = await readExport(exportUrl('/export/events.ndjson', params));
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(message);
  });
});

describe('GET /export/events.csv', () => {
  it('has a header, one line per row with its cursor last, and #end', async () => {
    const ndjson = rowsOf((await readExport(exportUrl('/export/events.ndjson', { filter: '{"countries":["AZ","MN"]}' }))).body).map((l) => JSON.parse(l));
    const { status, body, headers } = await readExport(exportUrl('/export/events.csv', { filter: '{"countries":["AZ","MN"]}' }));
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/text\/csv/);
    expect(body.startsWith('\uFEFFid,country,title,')).toBe(true);
    expect(body.endsWith(`#end,${ndjson.length}\r\n`)).toBe(true);
    // Cells with line breaks are quoted; the id starts every record and the cursor ends it.
    const records = body.match(/^(?:AZ|MN):EVT:[^,]*,.*?,([A-Za-z0-9_-]+)\r$/gms) ?? [];
    expect(records.map((r) => r.split(',')[0])).toEqual(ndjson.map((r) => r.node.id));
    expect(records.map((r) => r.trimEnd().split(',').pop())).toEqual(ndjson.map((r) => r.cursor));
  });
});

describe('a node that fails while exporting', () => {
  it('ends the export with an error naming the country, after a correct prefix to resume from', async () => {
    const full = rowsOf((await readExport(exportUrl('/export/events.ndjson'))).body);
    fronts.get('KG')!.cutExportsAfter = 150_000;
    const received = await readExport(exportUrl('/export/events.ndjson'))
      .then((r) => r.body)
      .finally(() => (fronts.get('KG')!.cutExportsAfter = null));
    const last = lastLine(received);
    expect(last.error).toMatchObject({ code: 'COUNTRY_UNAVAILABLE', country: 'KG' });
    expect(last.error.message).toMatch(/incomplete/);
    const prefix = rowsOf(received);
    expect(prefix.length).toBeLessThan(full.length);
    expect(prefix).toEqual(full.slice(0, prefix.length));
    expect(last.error.after).toBe(JSON.parse(prefix[prefix.length - 1]).cursor);
    const rest = await readExport(exportUrl('/export/events.ndjson', { after: last.error.after }));
    expect([...prefix, ...rowsOf(rest.body)]).toEqual(full);
  });
});

describe('the export budget', () => {
  let limited: RunningGateway;
  beforeAll(async () => {
    limited = await startGateway(
      loadGatewayConfig(['--port', '0'], {
        NODE_ENV: 'test',
        REGIONAL_URL: fed.regional.url,
        COUNTRY_NODES: ['MN', 'KG', 'AZ', 'VN'].map((c) => `${c}=${fed.proxies.get(c)!.url}`).join(','),
      }),
      undefined,
      { exportLimits: { rowsPerWindow: 1200, windowSeconds: 3600 } },
    );
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('stops an export where the rows run out, with the cursor to resume, then refuses with 429', async () => {
    const url = `${limited.url.replace(/\/graphql$/, '')}/export/events.ndjson`;
    const { status, body } = await readExport(url);
    expect(status).toBe(200);
    const rows = rowsOf(body);
    const last = lastLine(body);
    expect(last.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(last.error.retryAfterSeconds).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(1200);
    expect(last.error.after).toBe(JSON.parse(rows[rows.length - 1]).cursor);
    const again = await readExport(url);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.parse(again.body).errors[0].extensions.code).toBe('RATE_LIMITED');
  });
});

import { startFederation, type TestFederation } from '../support/federation.js';
import { readExport, cuttableFronts } from './support.js';

/*
 * The gateway's idle bound on a node mid-export (EXPORT_NODE_IDLE_MS, set small here): a node
 * that keeps its connection open but goes silent ends the export with the error line naming
 * its country, after a correct prefix, and the export resumes from that line's cursor. The
 * silence is awaited as the export's end, never slept for.
 */

jest.setTimeout(180_000);

const IDLE_MS = 500;
let fed: TestFederation;
const { fronts, front } = cuttableFronts();
const exportUrl = (params: Record<string, string> = {}) => `${fed.gateway.url.replace(/\/graphql$/, '')}/export/events.ndjson?${new URLSearchParams(params)}`;

beforeAll(async () => {
  // Read from the environment when the gateway builds its export routes.
  process.env.EXPORT_NODE_IDLE_MS = String(IDLE_MS);
  fed = await startFederation({
    countries: ['MN', 'KG'],
    generate: { events: 700, programmes: 20 },
    front,
  });
});

afterAll(async () => {
  await fed?.stop();
  delete process.env.EXPORT_NODE_IDLE_MS;
});

const rowsOf = (body: string) => body.split('\n').filter((l) => l.startsWith('{"cursor"'));

it('ends the export with an error line naming a node that went silent mid-export, resumable from its cursor', async () => {
  const full = rowsOf((await readExport(exportUrl())).body);
  expect(full.length).toBe(1400);

  fronts.get('KG')!.stallExportsAfter = 100_000;
  const cut = await readExport(exportUrl());
  fronts.get('KG')!.stallExportsAfter = null;
  expect(cut.status).toBe(200);
  const lines = cut.body.trimEnd().split('\n');
  const last = JSON.parse(lines[lines.length - 1]);
  expect(last.error).toMatchObject({ code: 'COUNTRY_UNAVAILABLE', country: 'KG' });
  expect(last.error.message).toContain(`sent nothing for ${IDLE_MS} ms`);
  const got = rowsOf(cut.body);
  expect(got.length).toBeGreaterThan(10);
  expect(got.length).toBeLessThan(full.length);
  expect(got).toEqual(full.slice(0, got.length));
  expect(last.error.after).toBe(JSON.parse(got[got.length - 1]).cursor);

  const rest = await readExport(exportUrl({ after: last.error.after }));
  expect(rowsOf(rest.body)).toEqual(full.slice(got.length));
  expect(rest.body.endsWith(`{"end":{"rows":${full.length - got.length}}}\n`)).toBe(true);
});

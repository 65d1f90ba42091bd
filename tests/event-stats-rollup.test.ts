/**
 * eventStats from the node's summary table (event_stats_rollup, issue 26): after every kind of
 * write, the stored summary equals a recomputation from the events, and for random groupBy
 * subsets × the filters it serves the summary path answers exactly what the scan answers.
 */
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { rollupAnswers } from '../subgraphs/country/data/event-rollup.js';
import { insertEvents, randomEvents, seeded, storedSummaryIsExact, summaryAnswersAsScan } from './support/event-rollup.js';
import { startTestNode, type TestNode } from './support/nodes.js';

let node: TestNode;
let editor: Record<string, string>;
const r = seeded(26);

beforeAll(async () => {
  node = await startTestNode('KG');
  editor = { authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: 'rollup-test', role: 'editor', country: 'KG' })}` };
});
afterAll(async () => {
  await node?.stop();
});

/** The summary is exact and answers as the scan does; `cases` random queries. */
async function exact(cases = 40): Promise<void> {
  await storedSummaryIsExact(node.ds);
  expect(await summaryAnswersAsScan(node.ds, 'KG', r, cases)).toBeGreaterThan(0);
}

async function gql(query: string, variables: Record<string, unknown>) {
  const res = await node.query(query, variables, editor);
  expect(res.errors).toBeUndefined();
  return res.data;
}

test('filters with dates, programme, organisation, text or updatedSince (or a field it does not know) go to the scan', () => {
  expect(rollupAnswers(null)).toBe(true);
  expect(rollupAnswers({ countries: ['KG'], types: null, themes: [], from: null, text: undefined })).toBe(true);
  for (const filter of [
    { from: '2020-01-01' },
    { to: '2020-01-01' },
    { programmeId: 'x' },
    { organisationGlobalRef: 'x' },
    { text: 'x' },
    { updatedSince: new Date() },
  ]) {
    expect([filter, rollupAnswers(filter)]).toEqual([filter, false]);
  }
  expect(rollupAnswers({ text: '' })).toBe(false); // set, though the scan ignores it: the safe side
  expect(rollupAnswers({ future: 1 } as never)).toBe(false);
});

test('the seeded node: its summary was built by the seed and answers as the scan', async () => {
  const [{ n }] = await node.ds.query(`SELECT count(*)::int AS n FROM event_stats_rollup`);
  expect(n).toBeGreaterThan(0);
  await exact();
});

test('a bulk insert (one statement, 3,000 rows) and rows of another country (as on the central node)', async () => {
  await insertEvents(node.ds, randomEvents(r, 'KG', 'bulk', 3000));
  await insertEvents(node.ds, randomEvents(r, 'ZZ', 'other', 200));
  await exact(80);
});

test('inserts, updates of each key column and of participantCount, and a delete through the node’s mutations', async () => {
  const create = `mutation($input: EventInput!) { createEvent(input: $input) { id version } }`;
  const created: Array<{ id: string; version: number }> = [];
  for (const [i, input] of [
    { type: 'SEMINAR', startDate: '2019-05-06', themes: ['CHILD_LABOUR', 'SOCIAL_PROTECTION'], participantCount: 40 },
    { type: 'TRAINING', startDate: null, datePrecision: 'UNKNOWN', themes: [], participantCount: null },
    { type: 'MEETING', startDate: '2021-01-02', themes: ['LABOUR_LAW'], participantCount: 7 },
  ].entries()) {
    created.push((await gql(create, { input: { country: 'KG', title: { lang: 'en', text: `Rollup ${i}` }, ...input } })).createEvent);
  }
  await exact(10);
  const update = `mutation($id: ID!, $v: Int!, $patch: EventPatch!) { updateEvent(id: $id, expectedVersion: $v, patch: $patch) { version } }`;
  const patches = [
    { type: 'CONFERENCE' },
    { startDate: '2011-03-04' },
    { startDate: null, endDate: null, datePrecision: 'UNKNOWN' },
    { themes: ['GENDER_EQUALITY', 'CHILD_LABOUR'] },
    { themes: [] },
    { participantCount: 12 },
    { participantCount: null },
    { city: 'Osh' }, // no key column: the summary stays as it is
  ];
  for (const [i, patch] of patches.entries()) {
    const e = created[i % created.length];
    e.version = (await gql(update, { id: e.id, v: e.version, patch })).updateEvent.version;
    await exact(8);
  }
  await gql(`mutation($id: ID!, $v: Int!) { deleteEvent(id: $id, expectedVersion: $v) }`, { id: created[0].id, v: created[0].version });
  await exact(10);
});

test('SQL straight to the database: multi-row updates of every key column, deletes that empty whole keys', async () => {
  await node.ds.query(`UPDATE event SET type = 'BRIEFING' WHERE id LIKE 'KG:EVT:bulk-1%'`);
  await node.ds.query(`UPDATE event SET start_date = start_date + 400 WHERE id LIKE 'KG:EVT:bulk-2%'`);
  await node.ds.query(`UPDATE event SET start_date = NULL WHERE id LIKE 'KG:EVT:bulk-3%'`);
  await node.ds.query(`UPDATE event SET themes = array_append(themes, 'LABOUR_MIGRATION') WHERE id LIKE 'KG:EVT:bulk-4%'`);
  await node.ds.query(`UPDATE event SET participant_count = NULLIF(participant_count % 7, 0) WHERE id LIKE 'KG:EVT:bulk-5%'`);
  await node.ds.query(`UPDATE event SET country = 'ZZ' WHERE id LIKE 'KG:EVT:bulk-6%'`);
  // Swaps two keys' rows in one statement: their counts move both ways at once.
  await node.ds.query(`UPDATE event SET type = CASE type WHEN 'MEETING' THEN 'SEMINAR' ELSE 'MEETING' END WHERE type IN ('MEETING', 'SEMINAR')`);
  await exact(60);
  const keys = async () => Number((await node.ds.query(`SELECT count(*) AS n FROM event_stats_rollup`))[0].n);
  const before = await keys();
  await node.ds.query(`DELETE FROM event WHERE type = 'BRIEFING' AND id LIKE 'KG:EVT:bulk-%'`);
  await node.ds.query(`DELETE FROM event WHERE id LIKE 'ZZ:EVT:%'`);
  expect(await keys()).toBeLessThan(before);
  await exact(60);
});

test('a write that fails rolls its summary change back with it', async () => {
  await node.ds
    .transaction(async (m) => {
      await m.query(`DELETE FROM event WHERE id LIKE 'KG:EVT:bulk-7%'`);
      throw new Error('abandoned');
    })
    .catch(() => {});
  await exact(10);
});

test('a summary out of step (edited by hand) fails the write that would take a count below 0; the rebuild makes it exact again', async () => {
  const [key] = await node.ds.query(`SELECT country, year, type, themes FROM event_stats_rollup WHERE year IS NOT NULL ORDER BY events LIMIT 1`);
  await node.ds.query(`UPDATE event_stats_rollup SET events = 0 WHERE country = $1 AND year = $2 AND type = $3 AND themes = $4`, [
    key.country,
    key.year,
    key.type,
    key.themes,
  ]);
  const ofKey = `country = $1 AND EXTRACT(YEAR FROM start_date)::int = $2 AND type = $3 AND themes = $4`;
  await expect(node.ds.query(`DELETE FROM event WHERE ${ofKey}`, [key.country, key.year, key.type, key.themes])).rejects.toThrow(/out of step/);
  await node.ds.query(`SELECT event_stats_rollup_rebuild()`);
  await exact(10);
});

test('TRUNCATE empties the summary; the next inserts start it again', async () => {
  await node.ds.query(`TRUNCATE event CASCADE`);
  expect(await node.ds.query(`SELECT * FROM event_stats_rollup`)).toEqual([]);
  await insertEvents(node.ds, randomEvents(r, 'KG', 'after', 300));
  await exact(20);
});

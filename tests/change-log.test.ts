import pg from 'pg';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { encodeWatermark, tryDecodeWatermark } from '../contract/watermark.js';
import { sweepChangeLog, sweepIntervalMs } from '../subgraphs/country/data/change-log/retention.js';
import { startTestNode, type TestNode } from './support/nodes.js';
import { waitFor } from './support/wait.js';

// The change log of one KG node started from its seed: history, restore, undelete, and the
// node's own change feed. Tests assert on records they create, so their order does not matter.

let node: TestNode;
const auth = async (sub: string, role: string, country?: string) => ({
  authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub, role: role as never, country })}`,
});
let editor: Record<string, string>;
let analyst: Record<string, string>;
let otherEditor: Record<string, string>;

beforeAll(async () => {
  node = await startTestNode('KG');
  editor = await auth('editor-anna', 'editor', 'KG');
  analyst = await auth('analyst-bo', 'analyst');
  otherEditor = await auth('editor-mn', 'editor', 'MN');
});
afterAll(async () => {
  await node?.stop();
});

type Result = { data?: any; errors?: any[] };
const gql = (query: string, variables?: Record<string, unknown>, headers = editor): Promise<Result> => node.query(query, variables, headers);
const codeOf = (res: Result) => res.errors?.[0]?.extensions?.code;
const ok = (res: Result) => {
  expect(res.errors).toBeUndefined();
  return res.data;
};
const logRows = async (): Promise<number> => (await node.ds.query('SELECT count(*)::int AS n FROM change_log'))[0].n;

const EVENT = 'id version title { original } city startDate organisers { id } participants { id } supporters { id }';
const HISTORY = 'history { version by kind changedFields restoredFrom at }';

async function createEvent(title: string, extra: Record<string, unknown> = {}) {
  const input = { country: 'KG', title: { lang: 'en', text: title }, type: 'SEMINAR', startDate: '2025-04-01', city: 'Bishkek', ...extra };
  return ok(await gql(`mutation($input: EventInput!) { createEvent(input: $input) { ${EVENT} } }`, { input })).createEvent;
}
const updateEvent = async (id: string, v: number, patch: Record<string, unknown>) =>
  gql(`mutation($id: ID!, $v: Int!, $patch: EventPatch!) { updateEvent(id: $id, expectedVersion: $v, patch: $patch) { ${EVENT} } }`, { id, v, patch });
const restoreEvent = (id: string, v: number, version: number, headers = editor) =>
  gql(`mutation($id: ID!, $v: Int!, $to: Int!) { restoreEvent(id: $id, expectedVersion: $v, version: $to) { ${EVENT} } }`, { id, v, to: version }, headers);
const deleteEvent = (id: string, v: number) => gql('mutation($id: ID!, $v: Int!) { deleteEvent(id: $id, expectedVersion: $v) }', { id, v });
const undeleteEvent = (id: string, v: number, headers = editor) =>
  gql(`mutation($id: ID!, $v: Int!) { undeleteEvent(id: $id, expectedVersion: $v) { ${EVENT} ${HISTORY} } }`, { id, v }, headers);
/** The watermark of the log's end now: read until nothing more. */
async function tail(): Promise<string> {
  let since: string | null = null;
  for (;;) {
    const page: any = ok(await gql('query($s: String) { changes(since: $s, first: 500) { watermark hasMore } }', { s: since }, {})).changes;
    since = page.watermark;
    if (!page.hasMore) return since!;
  }
}
const historyOf = (id: string, headers = editor) => gql(`query($id: ID!) { event(id: $id) { ${HISTORY} } }`, { id }, headers);

describe('history', () => {
  test('every write appends a revision: who, when, kind, the fields changed; newest first', async () => {
    const before = Date.now();
    const created = await createEvent('History seminar one', { organiserIds: ['KG:ORG:ilo'] });
    ok(await updateEvent(created.id, 1, { city: 'Osh', organiserIds: ['KG:ORG:mlsd'] }));
    const history = ok(await historyOf(created.id)).event.history;
    expect(history.map((r: any) => [r.version, r.kind, r.by])).toEqual([
      [2, 'UPSERT', 'editor-anna'],
      [1, 'UPSERT', 'editor-anna'],
    ]);
    expect(history[0].changedFields.sort()).toEqual(['city', 'organiserIds']);
    expect(history[1].changedFields).toEqual(expect.arrayContaining(['title', 'city', 'organiserIds', 'startDate']));
    expect(Date.parse(history[0].at)).toBeGreaterThanOrEqual(before - 1000);
    // The previous values are kept (for restore), not shown.
    const [row] = await node.ds.query(`SELECT previous FROM change_log WHERE record_id = $1 AND version = 2`, [created.id]);
    expect(row.previous).toEqual({ city: 'Bishkek', organiserIds: ['KG:ORG:ilo'] });
  });

  test('visible to editors of the country and to analysts only', async () => {
    const { id } = await createEvent('History seminar visibility');
    expect(ok(await historyOf(id, analyst)).event.history).toHaveLength(1);
    expect(codeOf(await historyOf(id, {}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await historyOf(id, otherEditor))).toBe('FORBIDDEN');
    expect(codeOf(await historyOf(id, await auth('r', 'reader')))).toBe('FORBIDDEN');
  });

  test('a refused write appends nothing', async () => {
    const { id } = await createEvent('History seminar refused');
    const rows = await logRows();
    expect(codeOf(await updateEvent(id, 1, { organiserIds: ['KG:ORG:no-such'] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await updateEvent(id, 7, { city: 'Naryn' }))).toBe('VERSION_CONFLICT');
    expect(codeOf(await gql('mutation { deleteOrganisation(id: "KG:ORG:ilo", expectedVersion: 1) }'))).toBe('BAD_USER_INPUT');
    expect(await logRows()).toBe(rows);
  });

  test('the seed is logged: every seeded record has its create revision', async () => {
    const [{ missing }] = await node.ds.query(
      `SELECT count(*)::int AS missing FROM (SELECT id FROM event UNION ALL SELECT id FROM organisation UNION ALL SELECT id FROM programme
         UNION ALL SELECT id FROM partnership UNION ALL SELECT id FROM person) r WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.record_id = r.id)`,
    );
    expect(missing).toBe(0);
    const history = ok(await gql('{ organisation(id: "KG:ORG:ilo") { history { by kind version } } }')).organisation.history;
    expect(history.at(-1)).toEqual({ by: 'seed', kind: 'UPSERT', version: 1 });
  });
});

describe('restore this version', () => {
  test('brings back an earlier content as the next version, through the write path', async () => {
    const { id } = await createEvent('Restore seminar', { organiserIds: ['KG:ORG:ilo'] });
    ok(await updateEvent(id, 1, { city: 'Osh', title: { lang: 'en', text: 'Restore seminar renamed' } }));
    ok(await updateEvent(id, 2, { organiserIds: ['KG:ORG:mlsd', 'KG:ORG:nsc'] }));
    const restored = ok(await restoreEvent(id, 3, 1)).restoreEvent;
    expect(restored).toMatchObject({ version: 4, city: 'Bishkek', title: { original: 'Restore seminar' }, organisers: [{ id: 'KG:ORG:ilo' }] });
    const [latest] = ok(await historyOf(id)).event.history;
    expect(latest).toMatchObject({ version: 4, kind: 'UPSERT', restoredFrom: 1 });
    expect(latest.changedFields.sort()).toEqual(['city', 'organiserIds', 'title']);
    // Version 3 again: the organisers of version 3 and version 2's city.
    expect(ok(await restoreEvent(id, 4, 3)).restoreEvent).toMatchObject({ version: 5, city: 'Osh', organisers: [{ id: 'KG:ORG:mlsd' }, { id: 'KG:ORG:nsc' }] });
  });

  test('the version check, the validation and the permissions of a write apply; a refusal changes nothing', async () => {
    const org = ok(await gql('mutation { createOrganisation(input: { country: KG, name: { lang: "en", text: "Restore test union" } }) { id } }'))
      .createOrganisation.id;
    const { id } = await createEvent('Restore seminar refused', { organiserIds: [org] });
    ok(await updateEvent(id, 1, { organiserIds: [] }));
    const rows = await logRows();
    expect(codeOf(await restoreEvent(id, 1, 1))).toBe('VERSION_CONFLICT');
    expect(codeOf(await restoreEvent(id, 2, 2))).toBe('BAD_USER_INPUT');
    expect(codeOf(await restoreEvent(id, 2, 9))).toBe('BAD_USER_INPUT');
    expect(codeOf(await restoreEvent(id, 2, 1, otherEditor))).toBe('FORBIDDEN');
    expect(codeOf(await restoreEvent('KG:PRG:sse-asia', 1, 1))).toBe('NOT_FOUND');
    // Version 1's organiser no longer exists: the restore is refused like an update naming it.
    ok(await gql('mutation($id: ID!) { deleteOrganisation(id: $id, expectedVersion: 1) }', { id: org }));
    const rowsAfterDelete = await logRows();
    expect(rowsAfterDelete).toBe(rows + 1);
    const res = await restoreEvent(id, 2, 1);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toContain(org);
    expect(await logRows()).toBe(rowsAfterDelete);
    expect(ok(await gql(`query($id: ID!) { event(id: $id) { version } }`, { id })).event.version).toBe(2);
  });

  test('with an Idempotency-Key a retried restore is applied once', async () => {
    const { id } = await createEvent('Restore seminar retried');
    ok(await updateEvent(id, 1, { city: 'Karakol' }));
    const headers = { ...editor, 'idempotency-key': `restore-${id}` };
    const first = ok(await restoreEvent(id, 2, 1, headers)).restoreEvent;
    const again = ok(await restoreEvent(id, 2, 1, headers)).restoreEvent;
    expect(again).toEqual(first);
    expect(ok(await historyOf(id)).event.history.map((r: any) => r.version)).toEqual([3, 2, 1]);
  });
});

describe('undo delete', () => {
  test('brings back a deleted event with its id, content and organisations, as the next version', async () => {
    const { id } = await createEvent('Undelete seminar', { organiserIds: ['KG:ORG:ilo'], participantIds: ['KG:ORG:nsc'], supporterIds: ['KG:ORG:mlsd'] });
    ok(await updateEvent(id, 1, { city: 'Talas' }));
    expect(ok(await deleteEvent(id, 2)).deleteEvent).toBe(id);
    const [tombstone] = await node.ds.query(`SELECT kind, version, previous FROM change_log WHERE record_id = $1 ORDER BY seq DESC LIMIT 1`, [id]);
    expect(tombstone).toMatchObject({ kind: 'DELETE', version: 2, previous: expect.objectContaining({ city: 'Talas', organiserIds: ['KG:ORG:ilo'] }) });
    const back = ok(await undeleteEvent(id, 2)).undeleteEvent;
    expect(back).toMatchObject({
      id,
      version: 3,
      city: 'Talas',
      organisers: [{ id: 'KG:ORG:ilo' }],
      participants: [{ id: 'KG:ORG:nsc' }],
      supporters: [{ id: 'KG:ORG:mlsd' }],
    });
    expect(back.history.map((r: any) => [r.version, r.kind, r.restoredFrom])).toEqual([
      [3, 'UPSERT', 2],
      [2, 'DELETE', null],
      [2, 'UPSERT', null],
      [1, 'UPSERT', null],
    ]);
    // History stays whole across the delete: version 1 can be restored.
    expect(ok(await restoreEvent(id, 3, 1)).restoreEvent).toMatchObject({ version: 4, city: 'Bishkek' });
  });

  test('deletedRecords lists what can be undeleted, newest first, with the version to pass and a label', async () => {
    const { id } = await createEvent('Undelete seminar listed');
    ok(await deleteEvent(id, 1));
    const LIST = '{ deletedRecords(country: KG, entities: [EVENT], first: 5) { id entity country version deletedBy label deletedAt } }';
    const [latest] = ok(await gql(LIST)).deletedRecords;
    expect(latest).toMatchObject({ id, entity: 'EVENT', country: 'KG', version: 1, deletedBy: 'editor-anna', label: 'Undelete seminar listed' });
    expect(ok(await gql(LIST, {}, analyst)).deletedRecords[0].id).toBe(id);
    expect(codeOf(await gql(LIST, {}, {}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gql(LIST, {}, otherEditor))).toBe('FORBIDDEN');
    expect(ok(await gql('{ deletedRecords(country: KG, entities: [PERSON]) { id } }')).deletedRecords.map((r: any) => r.id)).not.toContain(id);
    ok(await undeleteEvent(id, 1));
    expect(ok(await gql(LIST)).deletedRecords.map((r: any) => r.id)).not.toContain(id);
  });

  test('a new record never takes the id of a deleted one whose history is kept, so the delete can still be undone', async () => {
    const first = await createEvent('Undelete seminar same title');
    ok(await deleteEvent(first.id, 1));
    const second = await createEvent('Undelete seminar same title');
    expect(second.id).toBe(`${first.id}-2`);
    expect(ok(await undeleteEvent(first.id, 1)).undeleteEvent).toMatchObject({ id: first.id, version: 2 });
  });

  test('refused with a clear code when nothing was deleted, the version is not the deleted one, or it was undone already', async () => {
    const { id } = await createEvent('Undelete seminar refused');
    expect(codeOf(await undeleteEvent(id, 1))).toBe('VERSION_CONFLICT');
    ok(await deleteEvent(id, 1));
    expect(codeOf(await undeleteEvent(id, 4))).toBe('VERSION_CONFLICT');
    expect(codeOf(await undeleteEvent(id, 1, otherEditor))).toBe('FORBIDDEN');
    expect(codeOf(await undeleteEvent('KG:EVT:never-there', 1))).toBe('NOT_FOUND');
    ok(await undeleteEvent(id, 1));
    expect(codeOf(await undeleteEvent(id, 1))).toBe('VERSION_CONFLICT');
  });

  test('every record type can be restored and undeleted', async () => {
    const cases = [
      {
        create: 'createProgramme(input: { country: KG, title: { lang: "en", text: "Undelete programme" }, status: PIPELINE, themes: [SKILLS] }) { id }',
        patch: 'updateProgramme(id: $id, expectedVersion: 1, patch: { status: CLOSED }) { version }',
        type: 'Programme',
        field: 'status',
        first: 'PIPELINE',
      },
      {
        create: 'createOrganisation(input: { country: KG, name: { lang: "en", text: "Undelete union" }, acronym: "UU" }) { id }',
        patch: 'updateOrganisation(id: $id, expectedVersion: 1, patch: { acronym: "UU2" }) { version }',
        type: 'Organisation',
        field: 'acronym',
        first: 'UU',
      },
      {
        create: 'createPartnership(input: { country: KG, organisationId: "KG:ORG:nsc", role: FUNDING }) { id }',
        patch: 'updatePartnership(id: $id, expectedVersion: 1, patch: { role: IMPLEMENTING }) { version }',
        type: 'Partnership',
        field: 'role',
        first: 'FUNDING',
      },
      {
        create:
          'createPerson(input: { country: KG, name: { lang: "en", text: "Aida Undelete" }, email: "a@example.org", roles: [{ title: { lang: "en", text: "Coordinator" }, organisationId: "KG:ORG:ilo" }] }) { id }',
        patch: 'updatePerson(id: $id, expectedVersion: 1, patch: { email: "b@example.org", roles: [] }) { version }',
        type: 'Person',
        field: 'email',
        first: 'a@example.org',
      },
    ];
    for (const c of cases) {
      const id = Object.values(ok(await gql(`mutation { ${c.create} }`)))[0] as { id: string };
      ok(await gql(`mutation($id: ID!) { ${c.patch} }`, { id: id.id }));
      const restored = ok(await gql(`mutation($id: ID!) { restore${c.type}(id: $id, expectedVersion: 2, version: 1) { version ${c.field} } }`, { id: id.id }));
      expect(restored[`restore${c.type}`]).toEqual({ version: 3, [c.field]: c.first });
      ok(await gql(`mutation($id: ID!) { delete${c.type}(id: $id, expectedVersion: 3) }`, { id: id.id }));
      const back = ok(await gql(`mutation($id: ID!) { undelete${c.type}(id: $id, expectedVersion: 3) { version ${c.field} } }`, { id: id.id }));
      expect(back[`undelete${c.type}`]).toEqual({ version: 4, [c.field]: c.first });
    }
    const person = ok(await gql('{ people(filter: { text: "Aida Undelete" }) { nodes { roles { title { original } organisation { id } } } } }')).people
      .nodes[0];
    expect(person.roles).toEqual([{ title: { original: 'Coordinator' }, organisation: { id: 'KG:ORG:ilo' } }]);
  });
});

describe('commit order', () => {
  test('a position is taken under a lock held to commit: a later write waits, and a rolled-back one leaves no gap', async () => {
    const { id } = await createEvent('Commit order seminar');
    const feed = async () => ok(await gql('query($s: String) { changes(since: $s, first: 500) { changes { id version } watermark } }', { s: start }));
    const start = await tail();
    const [{ seq: before }] = await node.ds.query('SELECT seq FROM change_position');
    const holder = new pg.Client({ connectionString: node.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('UPDATE change_position SET seq = seq + 1');
      const write = updateEvent(id, 1, { city: 'Jalal-Abad' });
      // The write waits for the lock on the position, and nothing new is read meanwhile.
      await waitFor(
        async () => {
          const [{ n }] = await node.ds.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%change_position%'",
          );
          return n > 0;
        },
        'the write waiting for the position lock',
        50_000,
        50,
      );
      expect((await feed()).changes.changes).toEqual([]);
      await holder.query('ROLLBACK');
      ok(await write);
    } finally {
      await holder.end();
    }
    const [{ seq: after }] = await node.ds.query('SELECT seq FROM change_position');
    expect(BigInt(after)).toBe(BigInt(before) + 1n);
    expect((await feed()).changes.changes).toEqual([{ id, version: 2 }]);
  });
});

describe('change feed on one node', () => {
  const FEED =
    'query($s: String, $first: Int, $f: ChangeFilter) { changes(since: $s, first: $first, filter: $f) { changes { kind entity id country version changedAt record { id ... on Event { city } } } watermark hasMore unavailable } }';
  const read = async (since: string | null, first: number, filter?: unknown) => ok(await gql(FEED, { s: since, first, f: filter }, {})).changes;

  test('resumed from each watermark returns every later change exactly once, deletions included', async () => {
    const start = await tail();
    const a = await createEvent('Feed seminar A');
    const b = await createEvent('Feed seminar B');
    ok(await updateEvent(a.id, 1, { city: 'Batken' }));
    ok(await deleteEvent(b.id, 1));
    const seen: any[] = [];
    let since = start;
    for (let i = 0; i < 10; i++) {
      const page = await read(since, 1);
      seen.push(...page.changes);
      since = page.watermark;
      if (!page.hasMore) break;
    }
    expect(seen.map((c) => [c.kind, c.id, c.version])).toEqual([
      ['UPSERT', a.id, 1],
      ['UPSERT', b.id, 1],
      ['UPSERT', a.id, 2],
      ['DELETE', b.id, 1],
    ]);
    // record is the record as it is now; null for a deletion or a record deleted since.
    expect(seen.map((c) => c.record?.city ?? null)).toEqual(['Batken', null, 'Batken', null]);
    expect(seen.every((c) => c.country === 'KG' && !Number.isNaN(Date.parse(c.changedAt)))).toBe(true);
    expect((await read(since, 10)).changes).toEqual([]);
    expect(await read(start, 10, { entities: ['PROGRAMME'] })).toMatchObject({ changes: [], hasMore: false });
  });

  test('a watermark that is not ours is BAD_USER_INPUT; one of another database, or past the log, is WATERMARK_EXPIRED', async () => {
    expect(codeOf(await gql(FEED, { s: 'not-a-watermark', first: 1 }))).toBe('BAD_USER_INPUT');
    const position = [...tryDecodeWatermark(await tail())!.values()][0]!;
    const [counter, epoch] = position.split('.');
    const other = await gql(FEED, { s: encodeWatermark(new Map([['KG', `${counter}.zzzzzz`]])), first: 1 });
    expect(codeOf(other)).toBe('WATERMARK_EXPIRED');
    expect(other.errors![0].extensions.country).toBe('KG');
    expect(codeOf(await gql(FEED, { s: encodeWatermark(new Map([['KG', `${BigInt(counter!) + 100n}.${epoch}`]])), first: 1 }))).toBe('WATERMARK_EXPIRED');
    expect(codeOf(await gql(FEED, { s: null, first: 501 }))).toBe('BAD_USER_INPUT');
  });

  test('another country entry passes through; node(id) answers any record type', async () => {
    const { watermark } = await read(encodeWatermark(new Map([['MN', '5.abc']])), 0);
    expect(tryDecodeWatermark(watermark)!.get('MN')).toBe('5.abc');
    // A node not in filter.countries reads nothing and moves nothing.
    const since = encodeWatermark(new Map([['KG', '1.abc']]));
    expect(await read(since, 5, { countries: ['MN'] })).toEqual({ changes: [], watermark: since, hasMore: false, unavailable: [] });
    const nodes = ok(await gql('{ a: node(id: "KG:ORG:ilo") { __typename id } b: node(id: "KG:PRG:sse-asia") { __typename } c: node(id: "MN:ORG:x") { id } }'));
    expect(nodes).toEqual({ a: { __typename: 'Organisation', id: 'KG:ORG:ilo' }, b: { __typename: 'Programme' }, c: null });
  });
});

// Last: the sweep removes every old tombstone of this node, and moves its log's horizon.
describe('retention', () => {
  const DAY = 24 * 3600;
  test('a deleted record leaves the log after the retention (clock injected); live history and younger tombstones stay', async () => {
    const gone = await createEvent('Retention seminar gone');
    const kept = await createEvent('Retention seminar kept');
    ok(await updateEvent(kept.id, 1, { city: 'Cholpon-Ata' }));
    const before = await tail();
    ok(await deleteEvent(gone.id, 1));
    const revisionsOf = async (id: string) => (await node.ds.query('SELECT count(*)::int AS n FROM change_log WHERE record_id = $1', [id]))[0].n;

    const version = async () => (await node.ds.query('SELECT version FROM data_version'))[0].version;
    const before89 = await version();
    expect(await sweepChangeLog(node.ds, 90 * DAY, new Date(Date.now() + 89 * DAY * 1000))).toBe(0);
    expect(await revisionsOf(gone.id)).toBe(2);
    // Nothing due: the node's data version (what gateways cache by) does not move.
    expect(await version()).toBe(before89);

    const removed = await sweepChangeLog(node.ds, 90 * DAY, new Date(Date.now() + 91 * DAY * 1000));
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await revisionsOf(gone.id)).toBe(0);
    expect(await revisionsOf(kept.id)).toBe(2);
    expect(codeOf(await undeleteEvent(gone.id, 1))).toBe('NOT_FOUND');
    // A reader that had not seen the tombstone must start again; one past it goes on.
    expect(codeOf(await gql('query($s: String) { changes(since: $s) { hasMore } }', { s: before }))).toBe('WATERMARK_EXPIRED');
    const after = await tail();
    expect(ok(await gql('query($s: String) { changes(since: $s) { changes { id } } }', { s: after })).changes.changes).toEqual([]);
    expect(sweepIntervalMs(90 * DAY)).toBe(3600 * 1000);
  });
});

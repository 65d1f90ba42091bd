/**
 * The event_stats_rollup migration (backfill and down) and concurrent writers: two transactions on
 * the same summary keys neither deadlock nor lose a count.
 */
import pg from 'pg';
import { DataSource } from 'typeorm';
import { COUNTRY_ENTITIES, COUNTRY_MIGRATIONS, createCountryDataSource } from '../subgraphs/country/data/data-source.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { insertEvents, randomEvents, seeded, storedSummaryIsExact, summaryAnswersAsScan, type EventRow } from './support/event-rollup.js';
import { waitFor } from './support/wait.js';

const r = seeded(2026);
let db: TestDatabase;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('rollup');
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const rollupObjects = async () =>
  (
    await ds.query(
      `SELECT tgname AS name FROM pg_trigger WHERE tgname LIKE 'event_stats_rollup%'
       UNION ALL SELECT proname FROM pg_proc WHERE proname LIKE 'event_stats_rollup%'
       UNION ALL SELECT relname FROM pg_class WHERE relname LIKE 'event_stats_rollup%'`,
    )
  ).length;

test('the migration backfills the events already stored; down() removes table, triggers and functions; up again rebuilds', async () => {
  const earlier = COUNTRY_MIGRATIONS.filter((m) => m.name !== 'EventStatsRollup1766000000020');
  const before = new DataSource({ type: 'postgres', url: db.url, entities: COUNTRY_ENTITIES, migrations: earlier, migrationsTableName: 'migrations' });
  await before.initialize();
  await before.runMigrations({ transaction: 'all' });
  await insertEvents(before, randomEvents(r, 'KG', 'old', 2000));
  await before.destroy();

  ds = createCountryDataSource(db.url);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await storedSummaryIsExact(ds);
  expect(await summaryAnswersAsScan(ds, 'KG', r, 40)).toBeGreaterThan(0);

  await ds.undoLastMigration({ transaction: 'all' });
  expect(await rollupObjects()).toBe(0);
  await insertEvents(ds, randomEvents(r, 'KG', 'while-down', 100)); // writes go on without it
  await ds.runMigrations({ transaction: 'all' });
  expect(await rollupObjects()).toBeGreaterThan(0);
  await storedSummaryIsExact(ds);
});

/** Two sessions of our own, to interleave their transactions by hand. */
async function sessions(): Promise<[pg.Client, pg.Client]> {
  const clients = [new pg.Client({ connectionString: db.url }), new pg.Client({ connectionString: db.url })] as const;
  await Promise.all(clients.map((c) => c.connect()));
  return [...clients];
}
const pidOf = async (c: pg.Client) => Number((await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
const waitsOnLock = (pid: number) => async () =>
  (await ds.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]))[0]?.wait_event_type === 'Lock';

/** Rows of one fixed key (so two writers meet on it), ids unique to `prefix`. */
const ofKey = (prefix: string, n: number, key: Partial<EventRow> = {}): EventRow[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `KG:EVT:${prefix}-${i}`,
    country: 'KG',
    type: 'LAUNCH',
    start_date: '2030-06-01',
    themes: ['CHILD_LABOUR'],
    participant_count: 3,
    ...key,
  }));

/**
 * T1 writes first and holds its locks; T2's statement on the same keys waits; T1 commits; T2
 * goes on and commits. `second` runs in T2 while T1 is open.
 */
async function interleave(first: (c: pg.Client) => Promise<unknown>, second: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const [t1, t2] = await sessions();
  try {
    // Asked before: once T2 waits, its session answers nothing else.
    const pid2 = await pidOf(t2);
    await t1.query('BEGIN');
    await first(t1);
    await t2.query('BEGIN');
    const waiting = second(t2);
    await waitFor(waitsOnLock(pid2), 'the second writer waiting on the first');
    await t1.query('COMMIT');
    await waiting;
    await t2.query('COMMIT');
  } finally {
    await Promise.all([t1.end(), t2.end()]);
  }
}

describe('two concurrent writers', () => {
  test('with every trigger (the data version orders writers): interleaved inserts, updates and deletes of the same keys', async () => {
    await interleave(
      async (c) => {
        await insertEvents(c, ofKey('a', 5));
        await c.query(`UPDATE event SET participant_count = 10 WHERE id = 'KG:EVT:a-0'`);
      },
      async (c) => {
        await insertEvents(c, [...ofKey('b', 3), ...ofKey('b2', 2, { type: 'SIGNING' })]);
        await c.query(`DELETE FROM event WHERE id IN ('KG:EVT:a-1', 'KG:EVT:a-2')`);
      },
    );
    await storedSummaryIsExact(ds);
    const [row] = await ds.query(`SELECT events::int, participants::int FROM event_stats_rollup WHERE type = 'LAUNCH' AND year = 2030`);
    expect(row).toEqual({ events: 5 + 3 - 2, participants: 5 * 3 + (10 - 3) + 3 * 3 - 2 * 3 });
  });

  describe('without the data version trigger (the summary’s own locking orders them)', () => {
    beforeAll(async () => {
      await ds.query(`ALTER TABLE event DISABLE TRIGGER event_data_version`);
    });
    afterAll(async () => {
      await ds.query(`ALTER TABLE event ENABLE TRIGGER event_data_version`);
    });

    test('both insert the same new keys (presented in opposite orders): one waits, neither count is lost', async () => {
      const keys = [{ type: 'SIGNING' }, { type: 'PEER_REVIEW' }, { type: 'PEER_REVIEW', start_date: null }] as Array<Partial<EventRow>>;
      await interleave(
        (c) =>
          insertEvents(
            c,
            keys.flatMap((k, i) => ofKey(`n1-${i}`, 2, { ...k, themes: ['LABOUR_LAW'] })),
          ),
        (c) =>
          insertEvents(
            c,
            [...keys].reverse().flatMap((k, i) => ofKey(`n2-${i}`, 3, { ...k, themes: ['LABOUR_LAW'] })),
          ),
      );
      await storedSummaryIsExact(ds);
      const counts = await ds.query(`SELECT events::int AS n FROM event_stats_rollup WHERE themes = '{LABOUR_LAW}' AND type IN ('SIGNING', 'PEER_REVIEW')`);
      expect(counts).toEqual([{ n: 5 }, { n: 5 }, { n: 5 }]);
    });

    test('one deletes the last event of a key while the other inserts into it: the key ends with the new event', async () => {
      await insertEvents(ds, ofKey('last', 1, { type: 'FIELD_TEST', themes: ['GENDER_EQUALITY'] }));
      await interleave(
        (c) => c.query(`DELETE FROM event WHERE id = 'KG:EVT:last-0'`),
        (c) => insertEvents(c, ofKey('next', 1, { type: 'FIELD_TEST', themes: ['GENDER_EQUALITY'], participant_count: 9 })),
      );
      await storedSummaryIsExact(ds);
      expect(await ds.query(`SELECT events::int, participants::int FROM event_stats_rollup WHERE type = 'FIELD_TEST'`)).toEqual([
        { events: 1, participants: 9 },
      ]);
    });

    test('four writers of multi-row statements over the same few keys, each presenting them in its own order: no deadlock, exact', async () => {
      const keys = ['MEETING', 'SEMINAR', 'TRAINING'].flatMap((type) => ['2031-01-01', '2032-01-01', null].map((start_date) => ({ type, start_date })));
      const writers = Array.from({ length: 4 }, async (_, w) => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        try {
          for (let t = 0; t < 25; t++) {
            const shuffled = [...keys].sort(() => r.next() - 0.5);
            await insertEvents(
              c,
              shuffled.flatMap((k, i) => ofKey(`s${w}-${t}-${i}`, 1 + r.int(3), k)),
            );
            if (t % 3 === 2) await c.query(`DELETE FROM event WHERE id LIKE $1`, [`KG:EVT:s${w}-${t - 1}-%`]);
          }
        } finally {
          await c.end();
        }
      });
      await Promise.all(writers);
      await storedSummaryIsExact(ds);
    });
  });

  test('four writers at once, each 15 transactions of multi-row inserts, key updates and deletes over shared keys: no deadlock, exact', async () => {
    const writers = Array.from({ length: 4 }, async (_, w) => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        for (let t = 0; t < 15; t++) {
          const rows = randomEvents(r, 'KG', `w${w}-${t}`, 20);
          await c.query('BEGIN');
          await insertEvents(c, rows);
          await c.query(`UPDATE event SET type = 'MEETING', themes = '{CHILD_LABOUR}' WHERE id LIKE $1 AND participant_count > 100`, [`KG:EVT:w${w}-${t}-1%`]);
          await c.query(`DELETE FROM event WHERE id LIKE $1`, [`KG:EVT:w${w}-${Math.max(0, t - 1)}-2%`]);
          await c.query('COMMIT');
        }
      } finally {
        await c.end();
      }
    });
    await Promise.all(writers);
    await storedSummaryIsExact(ds);
    expect(await summaryAnswersAsScan(ds, 'KG', r, 20)).toBeGreaterThan(0);
  });
});

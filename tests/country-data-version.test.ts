import pg from 'pg';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { VersionBook } from '../gateway/cache/versions.js';
import { FEED_APPLICATION_NAME } from '../subgraphs/country/data-version/feed.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// A node's data version: bumped in the transaction of every write (its API, or SQL straight to
// its database), pushed over GET /data-version/stream, and the stream ends when the node loses
// sight of it. Followed here with the gateway's own client (VersionBook).

let node: TestNode;
let book: VersionBook;
const lost: string[] = [];

beforeAll(async () => {
  node = await startTestNode('KG');
  book = new VersionBook({ silenceMs: 5000, retryMs: 50, maxRetryMs: 200, maxEventBytes: 4096 }, (_c, reason) => lost.push(reason));
  book.follow('KG', node.url);
});
afterAll(async () => {
  book?.stop();
  await node?.stop();
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`not seen within 10 s: ${what}`);
}

const stored = async () => Number((await node.ds.query('SELECT version FROM data_version'))[0].version);

test('the stream announces the current version on connect', async () => {
  await until(() => book.version('KG') !== null, 'first version');
  expect(book.version('KG')).toBe(await stored());
});

test('a mutation through the node bumps the version in its transaction and the stream announces it', async () => {
  const before = book.version('KG')!;
  const token = await mintToken({ secret: DEV_JWT_SECRET, sub: 'dv-test', role: 'editor', country: 'KG' });
  const res = await node.query(
    `mutation($input: EventInput!) { createEvent(input: $input) { id } }`,
    { input: { country: 'KG', title: { lang: 'en', text: 'Version bump' }, type: 'SEMINAR', startDate: '2024-03-05', endDate: '2024-03-06' } },
    { authorization: `Bearer ${token}` },
  );
  expect(res.errors).toBeUndefined();
  await until(() => book.version('KG')! > before, 'version after a mutation');
  expect(book.version('KG')).toBe(await stored());
});

test('a refused write (bad input, rolled back) leaves the version as it was', async () => {
  const before = await stored();
  const token = await mintToken({ secret: DEV_JWT_SECRET, sub: 'dv-test', role: 'editor', country: 'KG' });
  const res = await node.query(
    `mutation($input: EventInput!) { createEvent(input: $input) { id } }`,
    {
      input: {
        country: 'KG',
        title: { lang: 'en', text: 'Bad' },
        type: 'SEMINAR',
        startDate: '2024-03-05',
        endDate: '2024-03-06',
        organiserIds: ['KG:ORG:no-such-org'],
      },
    },
    { authorization: `Bearer ${token}` },
  );
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(await stored()).toBe(before);
});

test('SQL straight to the database (bypassing the node) is announced too', async () => {
  const before = book.version('KG')!;
  const client = new pg.Client({ connectionString: node.database.url });
  await client.connect();
  try {
    await client.query(`UPDATE organisation SET updated_at = now() WHERE id = 'KG:ORG:ilo'`);
  } finally {
    await client.end();
  }
  await until(() => book.version('KG')! > before, 'version after a direct SQL write');
});

test('the node losing its database connection ends the stream (gateway: doubt); it comes back by itself', async () => {
  const client = new pg.Client({ connectionString: node.database.url });
  await client.connect();
  try {
    await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [
      FEED_APPLICATION_NAME,
    ]);
  } finally {
    await client.end();
  }
  await until(() => lost.length > 0, 'stream lost');
  expect(lost[0]).toMatch(/version stream lost/);
  await until(() => book.version('KG') !== null, 'stream back');
  expect(book.version('KG')).toBe(await stored());
});

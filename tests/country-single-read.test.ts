import { parse, type OperationDefinitionNode } from 'graphql';
import pg from 'pg';
import { poolOf } from '../platform/database.js';
import { SingleReadClassifier } from '../subgraphs/country/data/single-read.js';
import { countrySchema } from '../subgraphs/country/schema.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// A query whose one read is a single statement runs it alone, without BEGIN and ROLLBACK (issue
// 26: a node request should cost what its SQL costs); every other read keeps its transaction.

describe('which queries read in one burst (data/single-read.ts)', () => {
  let classifier: SingleReadClassifier;
  beforeAll(async () => {
    classifier = new SingleReadClassifier((await countrySchema()).schema);
  });
  const oneBurst = (source: string) => {
    const document = parse(source);
    return classifier.isOneBurst(document, document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode);
  };

  test("the gateway's page sub-operation: one root list field and fields of its rows", () => {
    expect(
      oneBurst(`query Page($first: Int!, $filter: EventFilter) { events(first: $first, filter: $filter) {
        edges { node { id title { original } startDate datePrecision type city country { code } } }
        pageInfo { hasNextPage endCursor } shard__edges: edges { cursor } shard__pageInfo: pageInfo { hasNextPage } } }`),
    ).toBe(true);
    expect(oneBurst('{ eventStats(groupBy: [COUNTRY, YEAR]) { country year count } }')).toBe(true);
    expect(oneBurst('{ event(id: "KG:EVT:x") { id title { original text(lang: "en") } } }')).toBe(true);
    expect(oneBurst('query { ...Q } fragment Q on Query { organisations(first: 3) { nodes { id } } }')).toBe(true);
  });

  test('a nested field that loads more rows, a second root field, a stepwise read or a mutation: a transaction', () => {
    expect(oneBurst('{ events(first: 5) { nodes { id programme { id } } } }')).toBe(false);
    expect(oneBurst('{ events(first: 5) { nodes { id ... on Event { organisers { id } } } } }')).toBe(false);
    expect(oneBurst('query { events(first: 5) { nodes { ...E } } } fragment E on Event { participants { id } }')).toBe(false);
    expect(oneBurst('{ events(first: 5) { nodes { id } } programmes(first: 5) { nodes { id } } }')).toBe(false);
    expect(oneBurst('{ changes(first: 5) { watermark } }')).toBe(false);
    expect(oneBurst('{ _entities(representations: []) { ... on Event { id } } }')).toBe(false);
    expect(oneBurst('mutation { deleteEvent(id: "KG:EVT:x", expectedVersion: 1) }')).toBe(false);
  });
});

describe('a node reading without a transaction when one statement is all it needs', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode('KG');
  });
  afterAll(async () => {
    await node?.stop();
  });

  const statementsOf = async (query: string, headers: Record<string, string> = {}) => {
    const before = node.statements.count;
    const body = await node.query(query, undefined, headers);
    return { body, statements: node.statements.count - before };
  };

  test('a page of rows is one statement; a page with its totalCount reads both in one transaction', async () => {
    const rows = await statementsOf('{ events(first: 5) { nodes { id } pageInfo { hasNextPage } } }');
    expect(rows.body.errors).toBeUndefined();
    expect(rows.body.data.events.nodes).toHaveLength(5);
    expect(rows.statements).toBe(1);
    // BEGIN … SET LOCAL (one round trip), the rows, the COUNT, ROLLBACK.
    const counted = await statementsOf('{ events(first: 5) { totalCount nodes { id } } }');
    expect(counted.body.errors).toBeUndefined();
    expect(counted.body.data.events.nodes.map((n: { id: string }) => n.id)).toEqual(rows.body.data.events.nodes.map((n: { id: string }) => n.id));
    expect(counted.statements).toBe(4);
    const nested = await statementsOf('{ events(first: 5) { nodes { id programme { id } } } }');
    expect(nested.body.errors).toBeUndefined();
    expect(nested.statements).toBe(4);
  });

  test('every read connection carries the statement timeout from the moment it opens', async () => {
    const client = await poolOf(node.reads).connect();
    try {
      const { rows } = await client.query('SHOW statement_timeout');
      expect(rows[0].statement_timeout).toBe('15s');
    } finally {
      client.release();
    }
  });

  test('a single-statement read blocked past the deadline is cancelled in PostgreSQL and answered DEADLINE_EXCEEDED', async () => {
    const locker = new pg.Client({ connectionString: node.database.url });
    const admin = new pg.Client({ connectionString: node.database.url });
    await Promise.all([locker.connect(), admin.connect()]);
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE event IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const { body, statements } = await statementsOf('{ events(first: 5) { nodes { id } } }', { 'x-deadline-ms': '400' });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', retryable: true });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(statements).toBeGreaterThanOrEqual(1);
      // The cancelled statement is gone from the server (polled: the cancel is asynchronous).
      const waiting = async () =>
        (
          await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND wait_event_type = 'Lock'", [
            node.database.name,
          ])
        ).rows[0].n as number;
      for (let i = 0; i < 50 && (await waiting()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await waiting()).toBe(0);
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      await Promise.all([locker.end(), admin.end()]);
    }
    const after = await statementsOf('{ events(first: 1) { nodes { id } } }');
    expect(after.body.errors).toBeUndefined();
    expect(after.statements).toBe(1);
  });
});

/**
 * Compiled execution (platform/compiled-execution.ts) must answer byte for byte what graphql-js
 * does. Two nodes over one seeded database, one with NODE_COMPILED_EXECUTION on and one without,
 * get the same requests over HTTP; status and body must be identical, data and errors (messages,
 * order, paths, locations, codes). In production mode internal errors are masked, which the
 * comparison covers too; in test mode only the stack traces may differ (they name the engine).
 */
import { loadCountryNodeConfig } from '../platform/config.js';
import { compiledExecutionCounts } from '../platform/compiled-execution.js';
import { startCountryNode, type CountryNode } from '../subgraphs/country/server.js';
import { damagedCases, errorCases, GATEWAY_PAGE, pageCases, type Operation, type Seeded } from './support/compiled-corpus.js';
import { postGraphQL, startTestNode, type TestNode } from './support/nodes.js';

const CC = 'KG';
let seeded: TestNode;
const pairs: Record<'test' | 'production', { compiled: CountryNode; plain: CountryNode }> = {} as never;
let s: Seeded;

async function nodeOver(url: string, env: Record<string, string>): Promise<CountryNode> {
  const config = loadCountryNodeConfig(['--country', CC, '--port', '0'], { LOG_LEVEL: 'silent', DATABASE_URL: url, SEED_ON_START: 'false', ...env });
  return startCountryNode(config);
}

beforeAll(async () => {
  seeded = await startTestNode(CC);
  const url = seeded.database.url;
  for (const mode of ['test', 'production'] as const) {
    const env = { NODE_ENV: mode, ...(mode === 'production' ? { JWT_SECRET: 'compiled-execution-test-secret' } : {}) };
    pairs[mode] = {
      compiled: await nodeOver(url, { ...env, NODE_COMPILED_EXECUTION: 'true' }),
      plain: await nodeOver(url, { ...env, NODE_COMPILED_EXECUTION: 'false' }),
    };
  }
  const page = await postGraphQL(
    pairs.test.plain.url,
    `{ events(first: 5) { nodes { id } pageInfo { endCursor } } organisations(first: 2) { nodes { id } } programmes(first: 2) { nodes { id } } }`,
  );
  s = {
    eventIds: page.data.events.nodes.map((n: { id: string }) => n.id),
    organisationIds: page.data.organisations.nodes.map((n: { id: string }) => n.id),
    programmeIds: page.data.programmes.nodes.map((n: { id: string }) => n.id),
    cursor: page.data.events.pageInfo.endCursor,
  };
}, 120000);
afterAll(async () => {
  for (const pair of Object.values(pairs)) {
    await pair.compiled?.close();
    await pair.plain?.close();
  }
  await seeded?.stop();
});

async function answer(url: string, op: Operation) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: op.query, variables: op.variables, operationName: op.operationName }),
  });
  return { status: res.status, body: await res.text() };
}

/** Test mode adds stack traces to errors; they show the engine's own frames, the rest must not differ. */
function withoutStacks(body: string): unknown {
  const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
  for (const error of parsed.errors ?? []) delete error.extensions?.stacktrace;
  return parsed;
}

/**
 * Each operation through both nodes of a mode: same answers, and each by the engine it is meant to
 * run on. An operation is compiled the second time the node sees it: each is sent once before.
 */
async function expectSameAnswers(mode: 'test' | 'production', ops: Operation[]): Promise<void> {
  const { compiled, plain } = pairs[mode];
  for (const op of ops) await answer(compiled.url, op);
  const answeredCompiled: string[] = [];
  const differences: unknown[] = [];
  for (const op of ops) {
    const before = compiledExecutionCounts.compiled;
    const [a, b] = [await answer(compiled.url, op), await answer(plain.url, op)];
    if (compiledExecutionCounts.compiled > before) answeredCompiled.push(op.name);
    const same =
      a.status === b.status && (mode === 'production' ? a.body === b.body : JSON.stringify(withoutStacks(a.body)) === JSON.stringify(withoutStacks(b.body)));
    if (!same) differences.push({ op: op.name, compiled: a, graphqlJs: b });
  }
  expect(differences).toEqual([]);
  expect(answeredCompiled).toEqual(ops.filter((op) => !op.graphqlJs || (op.graphqlJs === 'production' && mode !== 'production')).map((op) => op.name));
}

describe.each(['test', 'production'] as const)('%s mode', (mode) => {
  test('pages, entities, stats and document features answer the same, compiled', async () => {
    const ops = pageCases(s);
    // Twice: the second time every compiled operation comes from the cache.
    await expectSameAnswers(mode, ops);
    await expectSameAnswers(mode, ops);
  });

  test('client errors answer the same (variable errors and mutations through graphql-js)', async () => {
    await expectSameAnswers(mode, errorCases(s));
  });
});

test('an operation is compiled the second time it is seen, not the first', async () => {
  const op: Operation = { name: 'one-off', query: `query OneOff { events(first: 3) { nodes { id title { original } city } } }` };
  const counts = () => ({ ...compiledExecutionCounts });
  const before = counts();
  const first = await answer(pairs.production.compiled.url, op);
  const afterFirst = counts();
  const second = await answer(pairs.production.compiled.url, op);
  const afterSecond = counts();
  expect([afterFirst.graphqlJs - before.graphqlJs, afterFirst.compiled - before.compiled]).toEqual([1, 0]);
  expect([afterSecond.graphqlJs - afterFirst.graphqlJs, afterSecond.compiled - afterFirst.compiled]).toEqual([0, 1]);
  expect(second).toEqual(first);
});

describe('over damaged rows', () => {
  beforeAll(async () => {
    // Rows no write path produces: a JSON null title (non-null violation), an unknown enum value, an object for a list.
    const [nullTitle, badType, badSources] = s.eventIds;
    await seeded.ds.query(`UPDATE event SET title = 'null'::jsonb WHERE id = $1`, [nullTitle]);
    await seeded.ds.query(`UPDATE event SET type = 'BOGUS' WHERE id = $1`, [badType]);
    await seeded.ds.query(`UPDATE event SET sources = '{}'::jsonb WHERE id = $1`, [badSources]);
  });

  test.each(['test', 'production'] as const)('%s mode: errors, their paths and null propagation answer the same', async (mode) => {
    await expectSameAnswers(mode, damagedCases(s));
    const page = JSON.parse((await answer(pairs[mode].compiled.url, { name: 'page', query: GATEWAY_PAGE, variables: { first: 100 } })).body);
    expect(page.errors.length).toBeGreaterThan(0);
  });
});

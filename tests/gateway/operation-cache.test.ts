import { ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../../gateway/context.js';
import { operationCachePlugin } from '../../gateway/cache/operation-cache.js';
import { memoryStore } from '../../gateway/cache/store.js';
import { VersionBook } from '../../gateway/cache/versions.js';
import { runInScope, type RequestScope } from '../../platform/observability/request-scope.js';

// The whole-answer layer of the exact cache, in a real Apollo Server over a stand-in schema whose
// resolvers count their calls (each call is what a real gateway would fan out to the nodes).

const typeDefs = `type Query { rows: [String!]! broken: String regional: String } type Mutation { touch: Boolean }`;

function setup() {
  const calls = { rows: 0, broken: 0 };
  let rows = ['a', 'b'];
  let during: (() => void) | null = null;
  const versions = new VersionBook({ silenceMs: 1000, retryMs: 10, maxRetryMs: 10, maxEventBytes: 4096 }, () => {});
  const outcomes: string[] = [];
  const server = new ApolloServer<GatewayContext>({
    typeDefs,
    resolvers: {
      Query: {
        rows: () => {
          calls.rows += 1;
          during?.();
          return rows;
        },
        broken: () => {
          calls.broken += 1;
          throw new Error('a node failed');
        },
        regional: (_p: unknown, _a: unknown, ctx: GatewayContext) => {
          ctx.ordinaryFetched = true;
          return 'facts';
        },
      },
      Mutation: { touch: () => true },
    },
    plugins: [operationCachePlugin(memoryStore(1 << 20), { versions, countries: () => ['KG', 'MN'], schemaId: () => 'schema-1' }, (o) => outcomes.push(o))],
  });
  const run = async (query: string, forward: Record<string, string> = {}) => {
    const res = await server.executeOperation({ query }, { contextValue: { forward, deadline: Date.now() + 60_000 } });
    return res.body.kind === 'single' ? res.body.singleResult : null;
  };
  return { server, calls, versions, outcomes, run, setRows: (r: string[]) => (rows = r), setDuring: (f: (() => void) | null) => (during = f) };
}

describe('whole-answer cache (Apollo Server plugin)', () => {
  test('a repeated query at the same stamps is answered without executing; a new version of any node re-executes', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    s.versions.announced('MN', 1);
    expect((await s.run('{ rows }'))?.data).toEqual({ rows: ['a', 'b'] });
    expect((await s.run('{ rows }'))?.data).toEqual({ rows: ['a', 'b'] });
    expect(s.calls.rows).toBe(1);
    s.setRows(['c']);
    s.versions.announced('MN', 2);
    expect((await s.run('{ rows }'))?.data).toEqual({ rows: ['c'] });
    expect(s.outcomes).toEqual(['miss', 'hit', 'miss']);
    // The access line of a hit says so.
    const scope = { countries: new Set(), unavailable: new Set() } as unknown as RequestScope;
    await runInScope(scope, () => s.run('{ rows }'));
    expect(scope.cached).toEqual(new Set(['ALL']));
  });

  test('any node in doubt (or not yet known): bypass', async () => {
    const s = setup();
    s.versions.announced('KG', 1); // MN unknown
    await s.run('{ rows }');
    await s.run('{ rows }');
    expect(s.calls.rows).toBe(2);
    expect(s.outcomes).toEqual(['bypass', 'bypass']);
  });

  test('never cached: answers with errors, Authorization, mutations, answers that asked the regional subgraph', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    s.versions.announced('MN', 1);
    await s.run('{ rows broken }');
    await s.run('{ rows broken }');
    expect(s.calls.broken).toBe(2);
    const auth = { authorization: 'Bearer t' };
    await s.run('{ rows }', auth);
    await s.run('{ rows }', auth);
    expect(s.calls.rows).toBe(4);
    await s.run('{ rows regional }');
    await s.run('{ rows regional }');
    expect(s.calls.rows).toBe(6);
    await s.run('mutation { touch }');
    expect(s.outcomes).not.toContain('hit');
  });

  test('an answer whose stamps changed while it executed is not stored', async () => {
    const s = setup();
    s.versions.announced('KG', 1);
    s.versions.announced('MN', 1);
    s.setDuring(() => s.versions.wrote('KG')); // a write through this gateway lands mid-request
    await s.run('{ rows }');
    s.setDuring(null);
    await s.run('{ rows }');
    await s.run('{ rows }');
    expect(s.calls.rows).toBe(2);
    expect(s.outcomes).toEqual(['miss', 'miss', 'hit']);
  });
});

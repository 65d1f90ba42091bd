import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { DEFAULT_COST_LIMITS } from '../platform/cost/limits.js';
import { refusedDocumentRule, requestGuardPlugin } from '../platform/guard/plugin.js';

/**
 * The guard remembers requests that passed (platform/guard/plugin.ts): a repeat of the same
 * document is served from Apollo Server's parsed-document cache, so only didResolveOperation
 * checks it, and only its variables can change the verdict. These requests repeat one document
 * with variables that pass and variables that must still be refused.
 */
const typeDefs = `
  type Item { id: ID! children(first: Int): [Item!]! }
  input Filter { text: String }
  type Query { items(first: Int, filter: Filter): [Item!]! }
`;
const QUERY = 'query Items($first: Int, $filter: Filter) { items(first: $first, filter: $filter) { id children(first: $first) { id } } }';

let server: ApolloServer;
beforeAll(async () => {
  const schema = makeExecutableSchema({
    typeDefs,
    resolvers: { Query: { items: () => [] } },
  });
  server = new ApolloServer({
    schema,
    plugins: [requestGuardPlugin({ ...DEFAULT_COST_LIMITS, maxResultSize: 10_000 })],
    validationRules: [refusedDocumentRule],
  });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
});

async function run(variables: Record<string, unknown>) {
  const response = await server.executeOperation({ query: QUERY, variables });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status, codes: (response.body.singleResult.errors ?? []).map((e) => e.extensions?.code) };
}

describe('request guard on repeated documents', () => {
  test('a request that passed does not let the same document through with variables over a budget', async () => {
    expect(await run({ first: 10 })).toEqual({ status: undefined, codes: [] });
    expect(await run({ first: 10 })).toEqual({ status: undefined, codes: [] });
    // 1,000 items with 1,000 children each: over the result-size budget of 10,000.
    expect(await run({ first: 1000 })).toEqual({ status: 400, codes: ['QUERY_TOO_COMPLEX'] });
    // Refusals are never remembered as passes, nor do they forget the earlier pass.
    expect(await run({ first: 1000 })).toEqual({ status: 400, codes: ['QUERY_TOO_COMPLEX'] });
    expect(await run({ first: 10 })).toEqual({ status: undefined, codes: [] });
  });

  test('nor with a string PostgreSQL cannot hold', async () => {
    expect(await run({ first: 1, filter: { text: 'fine' } })).toEqual({ status: undefined, codes: [] });
    expect(await run({ first: 1, filter: { text: 'bad\u0000' } })).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
    expect(await run({ first: 1, filter: { text: 'fine' } })).toEqual({ status: undefined, codes: [] });
  });

  test('variables too large to remember are checked every time', async () => {
    const long = 'x'.repeat(3000);
    expect(await run({ first: 1, filter: { text: long.slice(0, 100) } })).toEqual({ status: undefined, codes: [] });
    const bad = { first: 1000, filter: { text: long } };
    expect(await run(bad)).toEqual({ status: 400, codes: ['QUERY_TOO_COMPLEX'] });
    expect(await run(bad)).toEqual({ status: 400, codes: ['QUERY_TOO_COMPLEX'] });
  });
});

import './support/apollo-dev.js';
import { ApolloClient, HttpLink, InMemoryCache, gql, type TypePolicies } from '@apollo/client';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Client, fetchExchange, gql as urqlGql } from '@urql/core';
import { relayStylePagination } from '@apollo/client/utilities';
import { startFederation, type TestFederation } from './support/federation.js';
import { waitFor } from './support/wait.js';

/**
 * The client guide (docs/clients.md), checked against a real gateway: the Apollo Client type policies
 * it recommends, and errorPolicy 'all' keeping a partial answer's data.
 */
let fed: TestFederation;

/** As in docs/clients.md ("Apollo Client"). */
const typePolicies: TypePolicies = {
  Country: { keyFields: ['code'] },
  LocalizedText: { merge: true },
  OrganisationReach: { keyFields: ['globalRef'] },
  PersonReach: { keyFields: ['globalRef'] },
  EventStat: { keyFields: false },
  ProgrammeStat: { keyFields: false },
  // `id` of a Change or a DeletedRecord is the record's: several changes of one record are different objects.
  Change: { keyFields: false },
  DeletedRecord: { keyFields: false },
  Query: { fields: { events: relayStylePagination(['filter', 'orderBy']) } },
};

function client(policies?: TypePolicies) {
  return new ApolloClient({ link: new HttpLink({ uri: fed.gateway.url, fetch }), cache: new InMemoryCache({ typePolicies: policies }) });
}

beforeAll(async () => {
  loadDevMessages();
  loadErrorMessages();
  fed = await startFederation({ countries: ['KG', 'MN'], nodeTimeoutMs: 3000 });
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

// The tests that hang MN open its circuit; every test starts once both countries answer again
// (the breaker's probe closes the circuit within its open time).
beforeEach(async () => {
  let errors: unknown;
  await waitFor(
    async () => {
      errors = (await fed.query('{ countries { code events(first: 1) { totalCount } } }')).errors;
      return !errors;
    },
    'the federation recovering',
    50_000,
    100,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${JSON.stringify(errors)}`);
  });
}, 60000);

test('Country is normalised by code: two queries fill one cache entry', async () => {
  const apollo = client(typePolicies);
  await apollo.query({
    query: gql`
      {
        countries {
          code
          name {
            text
          }
        }
      }
    `,
  });
  await apollo.query({
    query: gql`
      {
        country(code: KG) {
          code
          ratifiedConventions
        }
      }
    `,
  });
  const kg = (apollo.cache.extract() as Record<string, any>)[apollo.cache.identify({ __typename: 'Country', code: 'KG' })!];
  expect(kg).toMatchObject({ code: 'KG', name: { text: 'Kyrgyz Republic' }, ratifiedConventions: expect.any(Number) });
});

test('LocalizedText merge keeps both selections of a title, with no "cache data may be lost" warning', async () => {
  const warnings = jest.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    const first = gql`
      {
        event(id: "KG:EVT:2016-10-28-employers") {
          id
          title {
            text
          }
        }
      }
    `;
    const second = gql`
      {
        event(id: "KG:EVT:2016-10-28-employers") {
          id
          title {
            original
            originalLang
          }
        }
      }
    `;
    const plain = client();
    await plain.query({ query: first });
    await plain.query({ query: second });
    const warned = warnings.mock.calls.map((args) => args.map(String).join(' ')).join('\n');
    expect(warned).toMatch(/Cache data may be lost when replacing the %s field of a %s object[\s\S]*title/);
    warnings.mockClear();

    const apollo = client(typePolicies);
    await apollo.query({ query: first });
    await apollo.query({ query: second });
    expect(warnings).not.toHaveBeenCalled();
    const stored = (apollo.cache.extract() as Record<string, any>)['Event:KG:EVT:2016-10-28-employers'];
    expect(stored.title).toMatchObject({ text: expect.any(String), original: expect.any(String), originalLang: expect.any(String) });
  } finally {
    warnings.mockRestore();
  }
});

test("errorPolicy 'all' keeps the other countries' data when a country is down; the default drops it", async () => {
  const query = gql`
    {
      events(first: 50) {
        totalCount
        nodes {
          id
          country {
            code
          }
        }
      }
    }
  `;
  fed.proxies.get('MN')!.mode = 'hang';
  try {
    const partial = await client(typePolicies).query<{ events: { nodes: Array<{ country: { code: string } }> } }>({
      query,
      errorPolicy: 'all',
      fetchPolicy: 'no-cache',
    });
    expect(partial.data!.events.nodes.length).toBeGreaterThan(0);
    expect(partial.data!.events.nodes.every((e) => e.country.code === 'KG')).toBe(true);
    expect(CombinedGraphQLErrors.is(partial.error)).toBe(true);
    expect((partial.error as CombinedGraphQLErrors).errors.map((e) => e.extensions?.code)).toEqual(['COUNTRY_UNAVAILABLE']);

    await expect(client(typePolicies).query({ query, fetchPolicy: 'no-cache' })).rejects.toThrow(/Country node MN is unavailable/);
  } finally {
    fed.proxies.get('MN')!.mode = 'pass';
  }
});

test('Apollo Client, urql and plain fetch tell zero rows from unknown: an unanswered country is null with an error at its path', async () => {
  // Nothing happens in 2999: KG's list is a real, empty page; MN's, with MN down, is unknown.
  const text = '{ countries { code events(filter: { from: "2999-01-01" }) { totalCount } } }';
  fed.proxies.get('MN')!.mode = 'hang';
  try {
    const check = (
      data: { countries: Array<{ code: string; events: { totalCount: number } | null }> },
      errors: ReadonlyArray<{ path?: ReadonlyArray<string | number> }>,
    ) => {
      const mn = data.countries.findIndex((c) => c.code === 'MN');
      expect(data.countries.find((c) => c.code === 'KG')!.events).toMatchObject({ totalCount: 0 }); // Apollo adds __typename
      expect(data.countries[mn].events).toBeNull();
      expect(errors.map((e) => e.path)).toEqual([['countries', mn, 'events']]);
    };
    const apollo = await client(typePolicies).query<any>({ query: gql(text), errorPolicy: 'all', fetchPolicy: 'no-cache' });
    check(apollo.data, (apollo.error as CombinedGraphQLErrors).errors);

    const urql = await new Client({ url: fed.gateway.url, exchanges: [fetchExchange] }).query(urqlGql(text), {}).toPromise();
    check(urql.data, urql.error!.graphQLErrors);

    const plain = (await (
      await fetch(fed.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) })
    ).json()) as any;
    check(plain.data, plain.errors);
    expect(plain.errors[0].extensions).toMatchObject({ code: 'COUNTRY_UNAVAILABLE', country: 'MN' });
  } finally {
    fed.proxies.get('MN')!.mode = 'pass';
  }
});

test('relayStylePagination merges pages by their edges: select edges, not nodes alone', async () => {
  const EDGES = gql`
    query ($after: String) {
      events(first: 2, after: $after) {
        edges {
          cursor
          node {
            id
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `;
  const apollo = client(typePolicies);
  const first = await apollo.query<{ events: { pageInfo: { endCursor: string } } }>({ query: EDGES });
  // What fetchMore does: ask the network for the next page and let the field policy merge it.
  await apollo.query({ query: EDGES, variables: { after: first.data!.events.pageInfo.endCursor }, fetchPolicy: 'network-only' });
  const merged = apollo.cache.readQuery<{ events: { edges: Array<{ node: { id: string } }> } }>({ query: EDGES })!;
  const direct = await fed.query('{ events(first: 4) { nodes { id } } }');
  expect(merged.events.edges.map((e) => e.node.id)).toEqual(direct.data.events.nodes.map((n: { id: string }) => n.id));

  // The same pages selecting `nodes` only: nothing is merged, the cache holds the last page alone.
  const NODES = gql`
    query ($after: String) {
      events(first: 2, after: $after) {
        nodes {
          id
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `;
  const plain = client(typePolicies);
  const page = await plain.query<{ events: { pageInfo: { endCursor: string } } }>({ query: NODES });
  await plain.query({ query: NODES, variables: { after: page.data!.events.pageInfo.endCursor }, fetchPolicy: 'network-only' });
  expect(plain.cache.readQuery<{ events: { nodes: unknown[] } }>({ query: NODES })!.events.nodes).toHaveLength(2);
});

import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import { Client, fetchExchange, gql } from '@urql/core';
import { cacheExchange, type KeyingConfig } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { startFederation, type TestFederation } from './support/federation.js';

/**
 * The urql Graphcache configuration of docs/clients.md: its `keys` cover every type of the
 * published schema without an id of its own (plus Change and DeletedRecord, whose id is their
 * record's), and Graphcache runs it against a real gateway without a warning, merging pages.
 */
const root = path.resolve(__dirname, '..');
const guide = fs.readFileSync(path.join(root, 'docs', 'clients.md'), 'utf8');
const snippet = /```ts\n([^`]*cacheExchange\(\{[^`]*)```/.exec(guide)?.[1] ?? '';
const embedded = [...(/const embedded = \[([^\]]*)\]/.exec(snippet)?.[1] ?? '').matchAll(/'(\w+)'/g)].map((m) => m[1]!);
const keyed = [...(/keys: \{([^}]*)\.\.\./.exec(snippet)?.[1] ?? '').matchAll(/(\w+): \(/g)].map((m) => m[1]!);

const keys: KeyingConfig = {
  Country: (c) => c.code as string,
  Convention: (c) => String(c.number),
  OrganisationReach: (r) => r.globalRef as string,
  PersonReach: (r) => r.globalRef as string,
  ...Object.fromEntries(embedded.map((type) => [type, () => null])),
};

test('the guide keys every type without an id of its own, and Change and DeletedRecord', () => {
  const schema = buildSchema(fs.readFileSync(path.join(root, 'schema', 'api.graphql'), 'utf8'));
  const keyless = Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !['Query', 'Mutation'].includes(t.name) && !t.getFields().id)
    // Graphcache embeds these by itself (its KEYLESS_TYPE_RE).
    .filter((t) => !/^__|PageInfo|(Connection|Edge)$/.test(t.name))
    .map((t) => t.name);
  expect(keyed).toEqual(['Country', 'Convention', 'OrganisationReach', 'PersonReach']);
  expect([...keyed, ...embedded].sort()).toEqual([...keyless, 'Change', 'DeletedRecord'].sort());
});

describe('against a gateway', () => {
  let fed: TestFederation;
  beforeAll(async () => {
    fed = await startFederation({ countries: ['KG', 'MN'] });
  }, 120_000);
  afterAll(async () => {
    await fed?.stop();
  });

  test('Graphcache stores every answer without a warning and relayPagination merges two pages', async () => {
    const warnings = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const client = new Client({
        url: fed.gateway.url,
        preferGetMethod: false,
        exchanges: [cacheExchange({ keys, resolvers: { Query: { events: relayPagination() } } }), fetchExchange],
      });
      const queries = [
        '{ countries { code name { text translations { lang text origin } } } conventions { number code title { text } } }',
        '{ eventStats(groupBy: [COUNTRY, YEAR]) { country year count } programmeStats(groupBy: [STATUS]) { status count } }',
        '{ organisationReach(minCountries: 1) { globalRef countries organisations { id } } personReach(minCountries: 1) { globalRef countries people { id } } }',
        '{ programmes(first: 3) { nodes { id themedObjectives { position text { text } themes } } } }',
        '{ programmes(first: 3) { totalCount edges { cursor node { id contacts { name } sources { document } } } pageInfo { hasNextPage endCursor } } }',
        '{ people(first: 3) { nodes { id roles { title { text } asOf } } } organisations(first: 3) { nodes { id formerNames { name { text } } } } }',
        '{ partnerships(first: 3) { edges { node { id } } } changes(first: 5) { changes { kind entity id version record { id } } watermark hasMore unavailable } }',
      ];
      for (const q of queries) {
        const result = await client.query(q, {}).toPromise();
        expect({ q, error: result.error?.message ?? null }).toEqual({ q, error: null });
      }
      const PAGE = gql`
        query ($after: String) {
          events(first: 2, after: $after) {
            edges {
              cursor
              node {
                id
                title {
                  text
                }
              }
            }
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
      const first = await client.query(PAGE, { after: null }).toPromise();
      const second = await client.query(PAGE, { after: first.data.events.pageInfo.endCursor }).toPromise();
      const direct = await fed.query('{ events(first: 4) { nodes { id } } }');
      expect(second.data.events.nodes.map((n: { id: string }) => n.id)).toEqual(direct.data.events.nodes.map((n: { id: string }) => n.id));
      expect(warnings).not.toHaveBeenCalled();
    } finally {
      warnings.mockRestore();
    }
  });
});

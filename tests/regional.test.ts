import { composeServices } from '@apollo/composition';
import { parse, type GraphQLObjectType } from 'graphql';
import { loadRegionalConfig } from '../platform/config.js';
import { countrySchema } from '../subgraphs/country/schema.js';
import { regionalSchema } from '../subgraphs/regional/schema.js';
import { readRegionalSeedFile, seedRegional } from '../subgraphs/regional/seed/seed.js';
import { startRegional, type RegionalService } from '../subgraphs/regional/server.js';
import type { RegionalSeedFile } from '../subgraphs/regional/seed/seed-format.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { postGraphQL } from './support/nodes.js';

const FUNDAMENTAL = [29, 87, 98, 100, 105, 111, 138, 182];

let database: TestDatabase;
let regional: RegionalService;
let seed: RegionalSeedFile;
const query = (q: string, variables?: Record<string, unknown>) => postGraphQL(regional.url, q, variables);

beforeAll(async () => {
  seed = readRegionalSeedFile()!;
  database = await createTestDatabase('regional');
  regional = await startRegional(loadRegionalConfig([], { NODE_ENV: 'test', DATABASE_URL: database.url, PORT: '0' }));
});
afterAll(async () => {
  await regional?.close();
  await database?.drop();
});

test('the seed file exists and covers the four country offices', () => {
  expect(seed).not.toBeNull();
  expect(seed.countries.map((c) => c.code).sort()).toEqual(['AZ', 'KG', 'MN', 'VN']);
});

test('countries: MN, KG, AZ, VN ordered by code, names in the local language with English', async () => {
  const res = await query(`{ countries { code name { original originalLang en: text(lang: "en") translations { lang origin } } } }`);
  expect(res.errors).toBeUndefined();
  const countries = res.data.countries as Array<{ code: string; name: any }>;
  expect(countries.map((c) => c.code)).toEqual(['AZ', 'KG', 'MN', 'VN']);
  const lang: Record<string, string> = { MN: 'mn', KG: 'ky', AZ: 'az', VN: 'vi' };
  const english: Record<string, RegExp> = { MN: /Mongolia/, KG: /Kyrgyz/, AZ: /Azerbaijan/, VN: /Viet ?Nam/i };
  for (const c of countries) {
    expect(c.name.originalLang).toBe(lang[c.code]);
    expect(c.name.original).toBe(seed.countries.find((s) => s.code === c.code)!.name.original);
    expect(c.name.en).toMatch(english[c.code]);
    expect(c.name.translations.some((t: { lang: string }) => t.lang === 'en')).toBe(true);
  }
});

test('facts are exactly the seed: null where the source is silent, never guessed', async () => {
  const res = await query(`{ countries { code iloMemberSince ratifiedConventions ratificationsAsOf iloOffice sources { document excerpt } } }`);
  expect(res.errors).toBeUndefined();
  for (const c of res.data.countries) {
    const s = seed.countries.find((x) => x.code === c.code)!;
    expect(c).toEqual({
      code: s.code,
      iloMemberSince: s.iloMemberSince,
      ratifiedConventions: s.ratifiedConventions,
      ratificationsAsOf: s.ratificationsAsOf,
      iloOffice: s.iloOffice,
      sources: s.sources.map(({ document, excerpt }) => ({ document, excerpt })),
    });
  }
  // The seed leaves some facts unknown; they must come back as null, not 0 or "".
  const silent = seed.countries.flatMap((s) => (['iloMemberSince', 'ratifiedConventions', 'ratificationsAsOf'] as const).filter((k) => s[k] === null));
  expect(silent.length).toBeGreaterThan(0);
});

test('country(code) answers one country, null for an unknown code, BAD_USER_INPUT for a malformed one', async () => {
  const kg = await query(`query ($c: CountryCode!) { country(code: $c) { code name { text(lang: "ky") } } }`, { c: 'KG' });
  expect(kg.errors).toBeUndefined();
  expect(kg.data.country).toEqual({ code: 'KG', name: { text: seed.countries.find((c) => c.code === 'KG')!.name.original } });
  const none = await query(`{ country(code: "FR") { code } }`);
  expect(none.errors).toBeUndefined();
  expect(none.data.country).toBeNull();
  const bad = await query(`{ country(code: "kg") { code } }`);
  expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

test('conventions: ordered by number, include the fundamental ones', async () => {
  const res = await query(`{ conventions { number code category title { original text } } }`);
  expect(res.errors).toBeUndefined();
  const list = res.data.conventions as Array<{ number: number; code: string; category: string; title: { original: string; text: string } }>;
  const numbers = list.map((c) => c.number);
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  expect(numbers.length).toBe(seed.conventions.length);
  for (const n of FUNDAMENTAL) {
    const c = list.find((x) => x.number === n);
    expect(c).toBeDefined();
    expect(c!.category).toBe('FUNDAMENTAL');
    expect(c!.code).toBe(`C${String(n).padStart(3, '0')}`);
    expect(c!.title.text).toContain(`No. ${n}`);
  }
});

test('_entities resolves Country by code and Convention by number, in representation order; unknown keys keep their key with null facts', async () => {
  const representations = [
    { __typename: 'Convention', number: 182 },
    { __typename: 'Country', code: 'VN' },
    { __typename: 'Country', code: 'FR' },
    { __typename: 'Convention', number: 29 },
    { __typename: 'Country', code: 'KG' },
    { __typename: 'Convention', number: 99999 },
  ];
  // Country.code and Convention.code differ in type, so one of them needs an alias (as the gateway's plans do).
  const res = await query(
    `query ($r: [_Any!]!) { _entities(representations: $r) {
       __typename
       ... on Country { code name { text(lang: "en") } }
       ... on Convention { number conventionCode: code }
     } }`,
    { r: representations },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data._entities).toEqual([
    { __typename: 'Convention', number: 182, conventionCode: 'C182' },
    { __typename: 'Country', code: 'VN', name: { text: expect.stringMatching(/Viet ?Nam/i) } },
    // A country with a node but no regional facts yet: a null here would wipe every list it is in.
    { __typename: 'Country', code: 'FR', name: null },
    { __typename: 'Convention', number: 29, conventionCode: 'C029' },
    { __typename: 'Country', code: 'KG', name: { text: expect.stringMatching(/Kyrgyz/) } },
    { __typename: 'Convention', number: 99999, conventionCode: 'C99999' },
  ]);
});

test('seeding again inserts nothing (idempotent)', async () => {
  const again = await seedRegional(regional.ds);
  expect(again.inserted).toBe(0);
  expect(again.skipped).toBe(seed.countries.length + seed.conventions.length);
});

test('GET /health answers 200', async () => {
  const res = await fetch(regional.url.replace(/graphql$/, 'health'));
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', service: 'regional' });
});

test('the regional SDL composes with the country SDL into the contract supergraph', async () => {
  const [regionalSdl, countrySdl] = [(await regionalSchema()).typeDefs, (await countrySchema()).typeDefs];
  const result = composeServices([
    { name: 'regional', url: 'http://regional/graphql', typeDefs: parse(regionalSdl) },
    { name: 'country', url: 'http://country/graphql', typeDefs: parse(countrySdl) },
  ]);
  expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
  const api = result.schema!.toAPISchema().toGraphQLJSSchema();
  const fields = (type: string) => Object.keys((api.getType(type) as GraphQLObjectType).getFields());
  expect(fields('Query')).toEqual(expect.arrayContaining(['countries', 'country', 'conventions', 'events', 'programmes']));
  expect(fields('Country')).toEqual(
    expect.arrayContaining(['code', 'name', 'iloMemberSince', 'ratifiedConventions', 'ratificationsAsOf', 'iloOffice', 'programmes', 'events', 'partnerships']),
  );
  expect(fields('Convention')).toEqual(expect.arrayContaining(['number', 'code', 'title', 'category']));
  expect(fields('Programme')).toContain('conventions');
});

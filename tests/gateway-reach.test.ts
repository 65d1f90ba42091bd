import fs from 'node:fs';
import path from 'node:path';
import type { CountrySeedFile } from '../subgraphs/country/seed/seed-format.js';
import { startFederation, type TestFederation } from './support/federation.js';

/** "Partners working with the ILO in more than one country", over the seeded nodes. */
let fed: TestFederation;
const seeds = ['MN', 'KG', 'AZ', 'VN'].map(
  (cc) => JSON.parse(fs.readFileSync(path.join(__dirname, '../subgraphs/country/seed/data', `${cc.toLowerCase()}.json`), 'utf8')) as CountrySeedFile,
);

beforeAll(async () => {
  fed = await startFederation();
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

function reference(minCountries: number) {
  const groups = new Map<string, { countries: Set<string>; ids: string[] }>();
  for (const seed of seeds) {
    for (const org of seed.organisations) {
      if (!org.globalRef) continue;
      const g = groups.get(org.globalRef) ?? { countries: new Set(), ids: [] };
      g.countries.add(seed.country);
      g.ids.push(org.id);
      groups.set(org.globalRef, g);
    }
  }
  return [...groups.entries()]
    .filter(([, g]) => g.countries.size >= minCountries)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([globalRef, g]) => ({ globalRef, countries: [...g.countries].sort(), ids: [...g.ids].sort() }));
}

const QUERY = `query($min: Int) { organisationReach(minCountries: $min) { globalRef countries organisations { id country { code } name { text } } } }`;

test('organisations recorded by two or more country offices, merged across nodes', async () => {
  const res = await fed.query(QUERY, {});
  expect(res.errors).toBeUndefined();
  const got = res.data.organisationReach.map((g: any) => ({ globalRef: g.globalRef, countries: g.countries, ids: g.organisations.map((o: any) => o.id) }));
  expect(got).toEqual(reference(2));
  const ilo = got.find((g: any) => g.globalRef === 'XM-DAC-41302');
  expect(ilo.countries).toEqual(['AZ', 'KG', 'MN', 'VN']);
});

test('minCountries 4 and 1, and a bad value', async () => {
  const four = await fed.query(QUERY, { min: 4 });
  expect(four.data.organisationReach.map((g: any) => g.globalRef)).toEqual(reference(4).map((g) => g.globalRef));
  const one = await fed.query(QUERY, { min: 1 });
  expect(one.data.organisationReach.length).toBe(reference(1).length);
  const bad = await fed.query(QUERY, { min: 0 });
  expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
});

test('a single node on its own has no organisation in two countries', async () => {
  const res = await fed.nodes.get('KG')!.query(QUERY, {});
  expect(res.data.organisationReach).toEqual([]);
});

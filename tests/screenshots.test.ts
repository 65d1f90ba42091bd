/**
 * The README's pictures are fresh: docs/screenshots/manifest.json, written by
 * `npm run screenshots` with each picture, says what the overview showed; those figures must be
 * the seed files' (records per country, partners recorded by two or more offices), and each
 * picture must be the one the manifest was written with. Seed data changed since the pictures
 * were taken, or a picture replaced by hand, fails here: run `npm run screenshots`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST, readManifest, SCREENSHOTS_DIR, sha256Of, type OverviewFacts } from '../scripts/screenshot-manifest.js';

const root = path.resolve(__dirname, '..');
const STALE = 'docs/screenshots are stale: run `npm run screenshots` (it starts a federation from the seed files)';

interface SeedFile {
  country: string;
  events: unknown[];
  programmes: unknown[];
  partnerships: unknown[];
  organisations: Array<{ globalRef?: string | null }>;
}

/** What the overview of a federation seeded from subgraphs/country/seed/data shows. */
function seedFacts(): OverviewFacts {
  const dir = path.join(root, 'subgraphs/country/seed/data');
  const seeds = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as SeedFile);
  const offices = new Map<string, Set<string>>();
  for (const seed of seeds)
    for (const o of seed.organisations) if (o.globalRef) offices.set(o.globalRef, (offices.get(o.globalRef) ?? new Set()).add(seed.country));
  return {
    counts: Object.fromEntries(
      seeds.map((s) => [s.country, { events: s.events.length, programmes: s.programmes.length, partnerships: s.partnerships.length }]),
    ),
    partnersInSeveralCountries: [...offices.values()].filter((countries) => countries.size >= 2).length,
  };
}

test('every picture in docs/screenshots is the one the manifest was written with', () => {
  const manifest = readManifest(root);
  const pictures = fs.readdirSync(path.join(root, SCREENSHOTS_DIR)).filter((f) => f.endsWith('.png'));
  expect(pictures.sort()).toEqual(Object.keys(manifest.pictures).sort());
  for (const name of pictures) {
    const actual = sha256Of(path.join(root, SCREENSHOTS_DIR, name));
    expect({ name, sha256: actual, hint: actual === manifest.pictures[name].sha256 ? '' : STALE }).toEqual({
      name,
      sha256: manifest.pictures[name].sha256,
      hint: '',
    });
  }
});

test('the overview picture shows the seed: its counts per country and partners in several countries', () => {
  const { overview } = readManifest(root);
  const expected = seedFacts();
  expect(Object.keys(expected.counts).sort()).toEqual(['AZ', 'KG', 'MN', 'VN']);
  expect({ overview, hint: STALE }).toEqual({ overview: expected, hint: STALE });
});

test(`${MANIFEST} records figures, not an empty page`, () => {
  const { overview } = readManifest(root);
  const total = Object.values(overview.counts).reduce((sum, c) => sum + c.events + c.programmes + c.partnerships, 0);
  expect(total).toBeGreaterThan(0);
});

/**
 * Seed fidelity: every reviewed fact of the five source documents (tests/fidelity/*.yaml) is served
 * by the federation started from the seed files (four real nodes, the regional subgraph and the
 * gateway, over HTTP). A fact that disappears or changes in the served data fails here, whatever
 * the seed files say. The policies and the facts left out are in subgraphs/country/seed/FIDELITY.md.
 *
 * facts.yaml holds the facts of the first review, people.yaml the people, added-fields.yaml the
 * facts held by the fields added for issue 11 (status dates, activities, what is said about an
 * organisation, former names), attribution.yaml who did what (issue 25). Every one is served.
 */
import { DOCUMENTS, mismatch, readFacts, type Fact } from './fidelity/facts.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { seedDocument } from './support/seeds.js';

const LISTS = ['facts.yaml', 'people.yaml', 'added-fields.yaml', 'attribution.yaml'] as const;
const lists = Object.fromEntries(LISTS.map((file) => [file, readFacts(file)])) as Record<(typeof LISTS)[number], Fact[]>;

let fed: TestFederation;

beforeAll(async () => {
  // Facts, not speed: a loaded machine may keep a node's answer past the usual 3 s node timeout,
  // which would report its country unavailable and fail facts it holds; starting four seeded
  // nodes may take minutes there.
  fed = await startFederation({ nodeTimeoutMs: 14_000 });
}, 300_000);
afterAll(async () => {
  await fed?.stop();
});

/** Null when the served answer holds the fact, else why not. */
async function check(fact: Fact): Promise<string | null> {
  const res = await fed.query(fact.query);
  if (res.errors) return `${fact.id}: ${JSON.stringify(res.errors).slice(0, 400)}`;
  const m = mismatch(res.data, fact.expect);
  return m && `${fact.id} (${fact.fact}): ${m}`;
}

describe('the fact lists', () => {
  const all = LISTS.flatMap((file) => lists[file]);

  test('ids are unique, extensions point at a fact, evidence is verbatim from its document', () => {
    const own = all.filter((f) => !f.extends);
    const byDoc = Object.fromEntries(Object.keys(DOCUMENTS).map((d) => [d, own.filter((f) => f.doc === d).length]));
    const byList = LISTS.map((file) => `${lists[file].filter((f) => !f.extends).length} in ${file}`).join(', ');
    console.info(`seed-fidelity: ${own.length} facts (${JSON.stringify(byDoc)}): ${byList}`);
    expect(new Set(own.map((f) => f.id)).size).toBe(own.length);
    const ids = new Set(own.map((f) => f.id));
    for (const f of all) {
      expect([f.id, f.doc in DOCUMENTS]).toEqual([f.id, true]);
      if (f.extends) expect([f.id, ids.has(f.extends)]).toEqual([f.id, true]);
    }
    const text = Object.fromEntries(Object.entries(DOCUMENTS).map(([code, file]) => [code, seedDocument(file)]));
    const notVerbatim = all.filter((f) => !text[f.doc].includes(f.evidence)).map((f) => f.id);
    expect(notVerbatim).toEqual([]);
  });

  test('the matcher notices a missing or changed value', () => {
    expect(mismatch({ a: { b: [1, 2] } }, { a: { b: [2] } })).toBeNull();
    expect(mismatch({ a: 'x' }, { a: 'y' })).toMatch(/\.a: expected "y"/);
    expect(mismatch({ l: [{ id: 1 }] }, { l: [{ id: 1 }, { id: 1 }] })).toMatch(/no element/);
    expect(mismatch({ l: [1] }, { l: [] })).toMatch(/empty/);
    expect(mismatch({ s: 'abc' }, { s: { $contains: 'bd' } })).toMatch(/containing/);
    expect(mismatch({ s: ['a', 'b'] }, { s: { $set: ['b', 'a'] } })).toBeNull();
    expect(mismatch({ s: ['a', 'b', 'c'] }, { s: { $set: ['b', 'a'] } })).toMatch(/exactly/);
  });
});

describe.each(LISTS)('served facts of %s', (file) => {
  test.each(lists[file].map((f) => [f.id, f] as const))('%s', async (_id, fact) => {
    expect(await check(fact)).toBeNull();
  });
});

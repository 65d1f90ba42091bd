import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { readSeedFile, seedCountry } from '../subgraphs/country/seed/seed.js';
import { createTestDatabase } from './support/db.js';
import { startTestNode, type TestNode } from './support/nodes.js';
import { waitFor } from './support/wait.js';

// Contract mutations on one KG node started from its seed. Tests assert only on records they
// create (or on seeded rows they leave unchanged), so they don't depend on one another's order.

let node: TestNode;
let editor: Record<string, string>;

beforeAll(async () => {
  node = await startTestNode('KG');
  editor = { authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: 'writes-test', role: 'editor', country: 'KG' })}` };
});
afterAll(async () => {
  await node?.stop();
});

type Result = { data?: any; errors?: any[] };
const gql = (query: string, variables?: Record<string, unknown>): Promise<Result> => node.query(query, variables, editor);
const codeOf = (res: Result) => res.errors?.[0]?.extensions?.code;
const fieldOf = (res: Result) => res.errors?.[0]?.extensions?.field;

async function countRows(table: string): Promise<number> {
  const [{ n }] = await node.ds.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

/** Row counts of every table a write may touch, to prove a refused write changed nothing. */
async function counts() {
  return {
    event: await countRows('event'),
    links: await countRows('event_organisation'),
    programme: await countRows('programme'),
    organisation: await countRows('organisation'),
    partnership: await countRows('partnership'),
  };
}

const EVENT = `id version updatedAt title { original originalLang translations { lang text origin } en: text(lang: "en") }
  summary { original } type startDate endDate datePrecision city venue online programme { id }
  organisers { id } participants { id } participantCount presentationCount themes sources { document excerpt }`;
const CREATE_EVENT = `mutation($input: EventInput!) { createEvent(input: $input) { ${EVENT} } }`;
const UPDATE_EVENT = `mutation($id: ID!, $v: Int!, $patch: EventPatch!) { updateEvent(id: $id, expectedVersion: $v, patch: $patch) { ${EVENT} } }`;
const DELETE_EVENT = `mutation($id: ID!, $v: Int!) { deleteEvent(id: $id, expectedVersion: $v) }`;
const READ_EVENT = `query($id: ID!) { event(id: $id) { ${EVENT} } }`;

function eventInput(title: string, extra: Record<string, unknown> = {}) {
  return { country: 'KG', title: { lang: 'en', text: title }, type: 'SEMINAR', startDate: '2024-03-05', endDate: '2024-03-06', ...extra };
}

async function createEvent(title: string, extra: Record<string, unknown> = {}) {
  const res = await gql(CREATE_EVENT, { input: eventInput(title, extra) });
  expect(res.errors).toBeUndefined();
  return res.data.createEvent;
}

describe('createEvent', () => {
  test('stores the event with a date-and-title id, version 1 and the contract defaults', async () => {
    const before = Date.now();
    const event = await createEvent('Zephyrine Workshop on Labour Statistics', {
      summary: { lang: 'ky', text: 'Эмгек статистикасы', translations: [{ lang: 'en', text: 'Labour statistics' }] },
      programmeId: 'KG:PRG:sse-asia',
      organiserIds: ['KG:ORG:mlsd', 'KG:ORG:ilo'],
      participantIds: ['KG:ORG:un-system'],
      participantCount: 25,
      themes: ['SKILLS', 'LABOUR_MARKET_INFORMATION', 'SKILLS'],
      sources: [{ document: 'manual-entry.txt', excerpt: 'entered by hand' }],
    });
    expect(event).toMatchObject({
      id: 'KG:EVT:2024-03-05-zephyrine-workshop-on-labour-statistics',
      version: 1,
      title: { original: 'Zephyrine Workshop on Labour Statistics', originalLang: 'en', translations: [] },
      type: 'SEMINAR',
      datePrecision: 'DAY',
      online: false,
      city: null,
      programme: { id: 'KG:PRG:sse-asia' },
      organisers: [{ id: 'KG:ORG:mlsd' }, { id: 'KG:ORG:ilo' }],
      participants: [{ id: 'KG:ORG:un-system' }],
      participantCount: 25,
      themes: ['SKILLS', 'LABOUR_MARKET_INFORMATION'],
      sources: [{ document: 'manual-entry.txt', excerpt: 'entered by hand' }],
    });
    expect(Date.parse(event.updatedAt)).toBeGreaterThanOrEqual(before - 1000);

    // Read back: by id, and by text search on the derived search column (any language).
    expect((await gql(READ_EVENT, { id: event.id })).data.event).toEqual(event);
    for (const text of ['zephyrine', 'ЭМГЕК СТАТИСТИКАСЫ']) {
      const found = await gql(`query($text: String) { events(filter: { text: $text }) { totalCount nodes { id } } }`, { text });
      expect(found.errors).toBeUndefined();
      expect(found.data.events.nodes).toEqual([{ id: event.id }]);
    }
    // The covered range was derived: a date filter finds it.
    const inRange = await gql(`{ events(filter: { from: "2024-03-06", to: "2024-03-06", text: "zephyrine" }) { totalCount } }`);
    expect(inRange.data.events.totalCount).toBe(1);
  });

  test('ids are unique, slugs are ASCII and follow the date precision', async () => {
    const first = await createEvent('Round table: Decent Work & Youth');
    const second = await createEvent('Round table: Decent Work & Youth');
    expect(first.id).toBe('KG:EVT:2024-03-05-round-table-decent-work-and-youth');
    expect(second.id).toBe(`${first.id}-2`);

    const vietnamese = await createEvent('Hội thảo về kinh tế xã hội', {
      title: { lang: 'vi', text: 'Hội thảo về kinh tế xã hội' },
      startDate: '2019-01-01',
      endDate: null,
      datePrecision: 'YEAR',
    });
    expect(vietnamese.id).toBe('KG:EVT:2019-hoi-thao-ve-kinh-te-xa-hoi');

    const translated = await createEvent('x', {
      title: { lang: 'ky', text: 'Семинар', translations: [{ lang: 'en', text: 'Seminar on child labour' }] },
      startDate: null,
      endDate: null,
      datePrecision: 'UNKNOWN',
    });
    expect(translated.id).toBe('KG:EVT:seminar-on-child-labour');
    expect(translated.title.translations).toEqual([{ lang: 'en', text: 'Seminar on child labour', origin: 'HUMAN' }]);

    const cyrillicOnly = await createEvent('x', { title: { lang: 'ky', text: 'Кеңеш' }, startDate: '2024-05-01', endDate: null, datePrecision: 'MONTH' });
    expect(cyrillicOnly.id).toMatch(/^KG:EVT:2024-05-[a-z0-9]{6}$/);

    const long = await createEvent('A very long title '.repeat(10));
    const slug = long.id.split(':')[2];
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('invalid input is BAD_USER_INPUT and changes nothing', () => {
  const literal = (fields: string) => `mutation { createEvent(input: { country: "KG", title: { lang: "en", text: "Bad" }, type: SEMINAR, ${fields} }) { id } }`;
  const cases: Array<[string, string, Record<string, unknown> | undefined, string | undefined]> = [
    ['malformed date (variable)', CREATE_EVENT, { input: eventInput('Bad date', { startDate: '2024-02-30' }) }, undefined],
    ['malformed date (literal)', literal('startDate: "05/03/2024"'), undefined, undefined],
    ['unknown enum value (variable)', CREATE_EVENT, { input: eventInput('Bad type', { type: 'PARTY' }) }, undefined],
    ['unknown enum value (literal)', literal('datePrecision: DECADE'), undefined, undefined],
    ['unknown organiserId', CREATE_EVENT, { input: eventInput('Bad org', { organiserIds: ['KG:ORG:ilo', 'KG:ORG:no-such-org'] }) }, 'input.organiserIds'],
    ['duplicate organiserIds', CREATE_EVENT, { input: eventInput('Dup org', { organiserIds: ['KG:ORG:ilo', 'KG:ORG:ilo'] }) }, 'input.organiserIds'],
    ["another country's programmeId", CREATE_EVENT, { input: eventInput('Foreign programme', { programmeId: 'AZ:PRG:dwcp-2016-2020' }) }, 'input.programmeId'],
    ['unknown programmeId', CREATE_EVENT, { input: eventInput('Missing programme', { programmeId: 'KG:PRG:nope' }) }, 'input.programmeId'],
    ['endDate before startDate', CREATE_EVENT, { input: eventInput('Backwards', { startDate: '2024-03-05', endDate: '2024-03-04' }) }, 'input.endDate'],
    ['input.country of another country', CREATE_EVENT, { input: eventInput('Wrong node', { country: 'AZ' }) }, 'input.country'],
    ['empty title', CREATE_EVENT, { input: eventInput('   ') }, 'input.title.text'],
    ['bad language tag', CREATE_EVENT, { input: eventInput('x', { title: { lang: 'EN-gb', text: 'Title' } }) }, 'input.title.lang'],
    [
      'bad translation tag',
      CREATE_EVENT,
      { input: eventInput('x', { title: { lang: 'ky', text: 'Т', translations: [{ lang: 'english', text: 'T' }] } }) },
      'input.title.translations[0].lang',
    ],
    ['negative participantCount', CREATE_EVENT, { input: eventInput('Negative', { participantCount: -1 }) }, 'input.participantCount'],
    ['lower-case country code', CREATE_EVENT, { input: eventInput('Case', { country: 'kg' }) }, undefined],
  ];

  test.each(cases)('%s', async (_name, query, variables, field) => {
    const before = await counts();
    const res = await gql(query, variables);
    // No result: either the request was refused before execution (data absent) or the
    // mutation field is null on its own (mutation results are nullable).
    expect(Object.values(res.data ?? {}).every((v) => v === null)).toBe(true);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    if (field) expect(fieldOf(res)).toBe(field);
    expect(await counts()).toEqual(before);
  });

  test('messages explain the node and the reference rule', async () => {
    const wrongNode = await gql(CREATE_EVENT, { input: eventInput('Wrong node', { country: 'AZ' }) });
    expect(wrongNode.errors![0].message).toMatch(/serves KG/);
    const foreign = await gql(CREATE_EVENT, { input: eventInput('Foreign', { participantIds: ['MN:ORG:ilo'] }) });
    expect(foreign.errors![0].message).toMatch(/references stay within a country/);
  });

  test.each([
    ['a non-http link', { links: ['ftp://example.org/file'] }, 'input.links[0]'],
    ['convention number 0', { conventionNumbers: [87, 0] }, 'input.conventionNumbers[1]'],
    ['negative phase', { phase: -2 }, 'input.phase'],
    ['a bad recipient country', { recipientCountries: ['KGZ'] }, undefined],
    ['endDate before startDate', { startDate: '2020-01-01', endDate: '2019-12-31' }, 'input.endDate'],
  ] as Array<[string, Record<string, unknown>, string | undefined]>)('createProgramme with %s', async (_name, extra, field) => {
    const before = await counts();
    const res = await gql(`mutation($input: ProgrammeInput!) { createProgramme(input: $input) { id } }`, {
      input: { country: 'KG', title: { lang: 'en', text: 'Invalid programme' }, status: 'PIPELINE', ...extra },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    if (field) expect(fieldOf(res)).toBe(field);
    expect(await counts()).toEqual(before);
  });
});

describe('updateEvent', () => {
  test('changes only the given fields and bumps version and updatedAt', async () => {
    const created = await createEvent('Patch target', {
      city: 'Osh',
      venue: 'Hall 1',
      summary: { lang: 'en', text: 'To be cleared' },
      organiserIds: ['KG:ORG:ilo'],
      participantCount: 10,
    });
    // updatedAt has millisecond precision: the update must happen on a later tick of the clock.
    await waitFor(() => Date.now() > Date.parse(created.updatedAt), 'the clock past the creation time', 5_000, 1);
    const res = await gql(UPDATE_EVENT, {
      id: created.id,
      v: 1,
      patch: { city: 'Bishkek', summary: null, participantCount: 40, organiserIds: ['KG:ORG:un-system', 'KG:ORG:mlsd'] },
    });
    expect(res.errors).toBeUndefined();
    const updated = res.data.updateEvent;
    expect(updated.version).toBe(2);
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    expect(updated).toEqual({
      ...created,
      version: 2,
      updatedAt: updated.updatedAt,
      city: 'Bishkek',
      summary: null,
      participantCount: 40,
      organisers: [{ id: 'KG:ORG:un-system' }, { id: 'KG:ORG:mlsd' }],
    });
    expect((await gql(READ_EVENT, { id: created.id })).data.event).toEqual(updated);
    // The id never changes with the title.
    const retitled = await gql(UPDATE_EVENT, { id: created.id, v: 2, patch: { title: { lang: 'en', text: 'Renamed target' } } });
    expect(retitled.data.updateEvent).toMatchObject({ id: created.id, version: 3, title: { original: 'Renamed target' }, city: 'Bishkek' });
    const search = await gql(`{ events(filter: { text: "renamed target" }) { nodes { id } } }`);
    expect(search.data.events.nodes).toEqual([{ id: created.id }]);
  });

  test('a stale expectedVersion is VERSION_CONFLICT and leaves the row unchanged', async () => {
    const created = await createEvent('Conflict target');
    const first = await gql(UPDATE_EVENT, { id: created.id, v: 1, patch: { city: 'Naryn' } });
    expect(first.errors).toBeUndefined();
    const stored = (await gql(READ_EVENT, { id: created.id })).data.event;

    const stale = await gql(UPDATE_EVENT, { id: created.id, v: 1, patch: { title: { lang: 'en', text: 'Lost update' }, city: 'Talas' } });
    expect(codeOf(stale)).toBe('VERSION_CONFLICT');
    expect(stale.errors![0].extensions).toMatchObject({ id: created.id, expectedVersion: 1, actualVersion: 2 });
    const after = (await gql(READ_EVENT, { id: created.id })).data.event;
    expect(after).toEqual(stored);
    expect(after).toMatchObject({ version: 2, title: { original: 'Conflict target' }, city: 'Naryn', updatedAt: stored.updatedAt });

    const staleDelete = await gql(DELETE_EVENT, { id: created.id, v: 1 });
    expect(codeOf(staleDelete)).toBe('VERSION_CONFLICT');
    expect((await gql(READ_EVENT, { id: created.id })).data.event).toEqual(stored);
  });

  test('concurrent updates with the same version: exactly one wins', async () => {
    const created = await createEvent('Race target');
    const results = await Promise.all(['A', 'B', 'C', 'D'].map((city) => gql(UPDATE_EVENT, { id: created.id, v: 1, patch: { city } })));
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => codeOf(r) === 'VERSION_CONFLICT')).toHaveLength(3);
    const after = (await gql(READ_EVENT, { id: created.id })).data.event;
    expect(after).toMatchObject({ version: 2, city: winners[0].data.updateEvent.city });
  });

  test('nulling a required field, bad references and reversed dates are refused without a change', async () => {
    const created = await createEvent('Validation target', { organiserIds: ['KG:ORG:ilo'] });
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ title: null }, 'patch.title'],
      [{ online: null }, 'patch.online'],
      [{ organiserIds: ['KG:ORG:ilo', 'KG:ORG:missing'] }, 'patch.organiserIds'],
      [{ programmeId: 'MN:PRG:sse-asia' }, 'patch.programmeId'],
      [{ endDate: '2024-01-01' }, 'patch.endDate'],
      [{ presentationCount: -3 }, 'patch.presentationCount'],
    ];
    for (const [patch, field] of bad) {
      const before = await counts();
      const res = await gql(UPDATE_EVENT, { id: created.id, v: 1, patch });
      expect([codeOf(res), fieldOf(res)]).toEqual(['BAD_USER_INPUT', field]);
      expect(await counts()).toEqual(before);
    }
    expect((await gql(READ_EVENT, { id: created.id })).data.event).toEqual(created);
  });

  test('unknown ids and ids of another country are NOT_FOUND', async () => {
    for (const id of ['KG:EVT:no-such-event', 'AZ:EVT:ilc-106th-session', 'garbage']) {
      expect(codeOf(await gql(UPDATE_EVENT, { id, v: 1, patch: { city: 'x' } }))).toBe('NOT_FOUND');
      expect(codeOf(await gql(DELETE_EVENT, { id, v: 1 }))).toBe('NOT_FOUND');
    }
  });

  test('later mutations in the same request see earlier writes (no stale loader data)', async () => {
    const created = await createEvent('Loader target', { organiserIds: ['KG:ORG:ilo'] });
    const res = await gql(
      `mutation($id: ID!) {
      a: updateEvent(id: $id, expectedVersion: 1, patch: { organiserIds: ["KG:ORG:mlsd"] }) { version organisers { id } }
      b: updateEvent(id: $id, expectedVersion: 2, patch: { organiserIds: ["KG:ORG:un-system", "KG:ORG:ilo"] }) { version organisers { id } }
    }`,
      { id: created.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.a).toEqual({ version: 2, organisers: [{ id: 'KG:ORG:mlsd' }] });
    expect(res.data.b).toEqual({ version: 3, organisers: [{ id: 'KG:ORG:un-system' }, { id: 'KG:ORG:ilo' }] });
  });
});

describe('delete', () => {
  test('deleteEvent removes the event and its links; a second delete is NOT_FOUND', async () => {
    const created = await createEvent('Delete target', { organiserIds: ['KG:ORG:ilo'], participantIds: ['KG:ORG:mlsd'] });
    const links = await countRows('event_organisation');
    const res = await gql(DELETE_EVENT, { id: created.id, v: 1 });
    expect(res).toEqual({ data: { deleteEvent: created.id } });
    expect((await gql(READ_EVENT, { id: created.id })).data.event).toBeNull();
    expect(await countRows('event_organisation')).toBe(links - 2);
    expect(codeOf(await gql(DELETE_EVENT, { id: created.id, v: 1 }))).toBe('NOT_FOUND');
  });

  test('a referenced organisation or programme is refused with an explanation', async () => {
    const before = await counts();
    const org = await gql(`mutation { deleteOrganisation(id: "KG:ORG:ilo", expectedVersion: 1) }`);
    expect(codeOf(org)).toBe('BAD_USER_INPUT');
    expect(org.errors![0].message).toMatch(/KG:ORG:ilo is still referenced by .*events.*partnerships/);
    const programme = await gql(`mutation { deleteProgramme(id: "KG:PRG:un-cooperation-2018-2020", expectedVersion: 1) }`);
    expect(codeOf(programme)).toBe('BAD_USER_INPUT');
    expect(programme.errors![0].message).toMatch(/still referenced by 1 events \(KG:EVT:2017-05-19-un-cooperation-agreement-signing\)/);
    expect(await counts()).toEqual(before);
  });
});

describe('programmes, organisations and partnerships', () => {
  test('create, update and delete in dependency order', async () => {
    const org = await gql(
      `mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id version name { original } acronym type constituentGroup globalRef } }`,
      {
        input: { country: 'KG', name: { lang: 'az', text: 'Azərbaycan Həmkarlar İttifaqı' }, acronym: ' AHİK ', type: 'NATIONAL_NGO' },
      },
    );
    expect(org.errors).toBeUndefined();
    expect(org.data.createOrganisation).toEqual({
      id: 'KG:ORG:azerbaycan-hemkarlar-ittifaqi',
      version: 1,
      name: { original: 'Azərbaycan Həmkarlar İttifaqı' },
      acronym: 'AHİK',
      type: 'NATIONAL_NGO',
      constituentGroup: 'NONE',
      globalRef: null,
    });
    const orgId = org.data.createOrganisation.id;

    const prg = await gql(
      `mutation($input: ProgrammeInput!) { createProgramme(input: $input) { id version status datePrecision recipientCountries conventions { number } links phase code } }`,
      {
        input: {
          country: 'KG',
          title: { lang: 'en', text: 'Green Jobs Pilot' },
          status: 'IMPLEMENTATION',
          startDate: '2023-01-01',
          datePrecision: 'YEAR',
          recipientCountries: ['KG'],
          conventionNumbers: [87, 98],
          links: ['https://www.ilo.org/green'],
          phase: 1,
        },
      },
    );
    expect(prg.errors).toBeUndefined();
    expect(prg.data.createProgramme).toEqual({
      id: 'KG:PRG:green-jobs-pilot',
      version: 1,
      status: 'IMPLEMENTATION',
      datePrecision: 'YEAR',
      recipientCountries: ['KG'],
      conventions: [{ number: 87 }, { number: 98 }],
      links: ['https://www.ilo.org/green'],
      phase: 1,
      code: null,
    });
    const prgId = prg.data.createProgramme.id;
    const active = await gql(`{ programmes(filter: { activeOn: "2023-07-01", text: "green jobs" }) { nodes { id } } }`);
    expect(active.data.programmes.nodes).toEqual([{ id: prgId }]);

    const psh = await gql(
      `mutation($input: PartnershipInput!) { createPartnership(input: $input) { id version basis role organisation { id } programme { id } } }`,
      {
        input: { country: 'KG', organisationId: orgId, programmeId: prgId, role: 'IMPLEMENTING' },
      },
    );
    expect(psh.errors).toBeUndefined();
    expect(psh.data.createPartnership).toEqual({
      id: 'KG:PSH:azerbaycan-hemkarlar-ittifaqi-green-jobs-pilot',
      version: 1,
      basis: 'DECLARED',
      role: 'IMPLEMENTING',
      organisation: { id: orgId },
      programme: { id: prgId },
    });
    const pshId = psh.data.createPartnership.id;

    const badPsh = await gql(`mutation { createPartnership(input: { country: "KG", organisationId: "VN:ORG:molisa" }) { id } }`);
    expect([codeOf(badPsh), fieldOf(badPsh)]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);

    const updOrg = await gql(
      `mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, patch: { acronym: null, constituentGroup: WORKERS, globalRef: "XM-TEST-1" }) { version acronym constituentGroup globalRef name { original } } }`,
      { id: orgId },
    );
    expect(updOrg.data.updateOrganisation).toEqual({
      version: 2,
      acronym: null,
      constituentGroup: 'WORKERS',
      globalRef: 'XM-TEST-1',
      name: { original: 'Azərbaycan Həmkarlar İttifaqı' },
    });

    const updPrg = await gql(
      `mutation($id: ID!) { updateProgramme(id: $id, expectedVersion: 1, patch: { phase: null, status: CLOSED, endDate: "2024-12-31" }) { version phase status startDate endDate links } }`,
      { id: prgId },
    );
    expect(updPrg.data.updateProgramme).toEqual({
      version: 2,
      phase: null,
      status: 'CLOSED',
      startDate: '2023-01-01',
      endDate: '2024-12-31',
      links: ['https://www.ilo.org/green'],
    });
    // A non-null field cannot be cleared (status can: a programme whose status no source states has none, tests/attribution.test.ts).
    const nullTitle = await gql(`mutation($id: ID!) { updateProgramme(id: $id, expectedVersion: 2, patch: { title: null }) { id } }`, { id: prgId });
    expect([codeOf(nullTitle), fieldOf(nullTitle)]).toEqual(['BAD_USER_INPUT', 'patch.title']);

    const updPsh = await gql(
      `mutation($id: ID!) { updatePartnership(id: $id, expectedVersion: 1, patch: { programmeId: null, basis: AGREEMENT }) { version basis programme { id } } }`,
      { id: pshId },
    );
    expect(updPsh.data.updatePartnership).toEqual({ version: 2, basis: 'AGREEMENT', programme: null });

    // The organisation is still referenced by the partnership; the programme no longer is.
    const refusedOrg = await gql(`mutation($id: ID!) { deleteOrganisation(id: $id, expectedVersion: 2) }`, { id: orgId });
    expect(codeOf(refusedOrg)).toBe('BAD_USER_INPUT');
    expect(refusedOrg.errors![0].message).toContain(pshId);
    expect((await gql(`mutation($id: ID!) { deleteProgramme(id: $id, expectedVersion: 2) }`, { id: prgId })).data.deleteProgramme).toBe(prgId);
    expect((await gql(`mutation($id: ID!) { deletePartnership(id: $id, expectedVersion: 2) }`, { id: pshId })).data.deletePartnership).toBe(pshId);
    expect((await gql(`mutation($id: ID!) { deleteOrganisation(id: $id, expectedVersion: 2) }`, { id: orgId })).data.deleteOrganisation).toBe(orgId);
    expect((await gql(`query($id: ID!) { organisation(id: $id) { id } }`, { id: orgId })).data.organisation).toBeNull();
  });
});

describe('seeding', () => {
  const seed = readSeedFile('KG')!;
  const total = seed.organisations.length + seed.programmes.length + seed.events.length + seed.partnerships.length + (seed.people?.length ?? 0);

  test('seedCountry twice: the second run inserts nothing', async () => {
    const fresh = await startTestNode('KG', { seed: false });
    try {
      expect(await seedCountry(fresh.ds, 'KG')).toEqual({ inserted: total, skipped: 0 });
      expect(await seedCountry(fresh.ds, 'KG')).toEqual({ inserted: 0, skipped: total });
    } finally {
      await fresh.stop();
    }
  });

  test('seedCountry never overwrites an edited record', async () => {
    const res = await gql(`mutation { updateOrganisation(id: "KG:ORG:mlsd", expectedVersion: 1, patch: { globalRef: "EDITED" }) { version } }`);
    expect(res.errors).toBeUndefined();
    expect(await seedCountry(node.ds, 'KG')).toEqual({ inserted: 0, skipped: total });
    const [row] = await node.ds.query(`SELECT version, global_ref FROM organisation WHERE id = 'KG:ORG:mlsd'`);
    expect(row).toEqual({ version: 2, global_ref: 'EDITED' });
  });

  test('npm run seed CLI (dist/subgraphs/country/seed/cli.js) reports inserted / already present', async () => {
    const cli = path.resolve(__dirname, '../dist/subgraphs/country/seed/cli.js');
    expect(fs.existsSync(cli)).toBe(true);
    const database = await createTestDatabase('seed_cli');
    try {
      const run = () =>
        spawnSync(process.execPath, [cli, '--country', 'KG'], {
          env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: database.url },
          encoding: 'utf8',
        });
      const first = run();
      expect(first.status).toBe(0);
      expect(first.stdout).toContain(`inserted ${total}, already present 0`);
      const second = run();
      expect(second.status).toBe(0);
      expect(second.stdout).toContain(`inserted 0, already present ${total}`);
    } finally {
      await database.drop();
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { readExamples } from '../scripts/examples.js';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import type { CountrySeedFile } from '../subgraphs/country/seed/seed-format.js';
import { startFederation, type TestFederation } from './support/federation.js';

// Who did what and the relations analysts navigate (issue 25), through the gateway over real HTTP
// against the four seeded nodes: an organisation's events, event search over organisers' and
// participants' names, people in several countries, objectives by theme, supporters, units of an
// organisation, kinds of roles and programmes without a status; each write refused on bad input
// changes nothing.

let fed: TestFederation;
const seeds = ['MN', 'KG', 'AZ', 'VN'].map(
  (cc) => JSON.parse(fs.readFileSync(path.join(__dirname, '../subgraphs/country/seed/data', `${cc.toLowerCase()}.json`), 'utf8')) as CountrySeedFile,
);
const editorOf = async (country: string) => ({
  authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: `attribution-${country}`, role: 'editor', country })}`,
});

beforeAll(async () => {
  fed = await startFederation();
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

async function ok(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<any> {
  const res = await fed.query(query, variables, headers);
  expect(res.errors).toBeUndefined();
  return res.data;
}
const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

describe('Organisation.events', () => {
  const EVENTS = `query($id: ID!, $first: Int, $after: String, $filter: EventFilter) {
    organisation(id: $id) { events(first: $first, after: $after, filter: $filter) { totalCount nodes { id startDate } pageInfo { hasNextPage endCursor } } } }`;

  test("pages of an organisation's events in the global order, the same events as the seed's links", async () => {
    const mn = seeds[0]!;
    const expected = mn.events.filter((e) => [...e.organiserIds, ...e.participantIds].includes('MN:ORG:molsp'));
    const all = (await ok(EVENTS, { id: 'MN:ORG:molsp', first: 50 })).organisation.events;
    expect(all.totalCount).toBe(expected.length);
    expect(new Set(ids(all.nodes))).toEqual(new Set(expected.map((e) => e.id)));
    const starts = all.nodes.map((n: any) => n.startDate);
    expect(starts).toEqual([...starts].sort().reverse()); // START_DATE_DESC, as Query.events

    const paged: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: any = (await ok(EVENTS, { id: 'MN:ORG:molsp', first: 2, after })).organisation.events;
      paged.push(...ids(res.nodes));
      if (!res.pageInfo.hasNextPage) break;
      after = res.pageInfo.endCursor;
    }
    expect(paged).toEqual(ids(all.nodes));

    const february = (await ok(EVENTS, { id: 'MN:ORG:molsp', filter: { from: '2017-02-01', to: '2017-02-28' } })).organisation.events;
    // The seminar dated only "2017" covers February too, as in every date filter.
    expect(ids(february.nodes).sort()).toEqual([
      'MN:EVT:2017-02-08-labour-migration-working-group',
      'MN:EVT:2017-02-09-rule-of-law-training',
      'MN:EVT:2017-eu-good-practice-seminar',
    ]);
  });

  test('an organisation that only supported events has none; each node answers for its own organisations', async () => {
    const data = await ok(`{ organisations(filter: { globalRef: "XM-DAC-41302" }) { nodes { id events { nodes { id } } } } }`);
    const byId = Object.fromEntries(data.organisations.nodes.map((o: any) => [o.id, ids(o.events.nodes).sort()]));
    expect(byId).toEqual({
      'AZ:ORG:ilo': ['AZ:EVT:babayev-ryder-online-meeting', 'AZ:EVT:ilc-106th-session'],
      'KG:ORG:ilo': [],
      'MN:ORG:ilo': ['MN:EVT:2022-11-23-sse-briefing'],
      'VN:ORG:ilo': ['VN:EVT:2015-12-10-partnership-conference'],
    });
    const supported = await ok(`{ events(filter: { countries: [KG], organisationGlobalRef: "XM-DAC-41302" }) { nodes { id supporters { id } } } }`);
    expect(supported.events.nodes.map((e: any) => [e.id, ids(e.supporters)]).sort()).toEqual([
      ['KG:EVT:2016-10-28-employers', ['KG:ORG:ilo']],
      ['KG:EVT:2016-11-child-labour-peer-review', ['KG:ORG:ilo']],
    ]);
  });

  test('a bad page size or cursor is BAD_USER_INPUT', async () => {
    for (const variables of [
      { id: 'MN:ORG:molsp', first: 501 },
      { id: 'MN:ORG:molsp', after: 'not-a-cursor' },
    ]) {
      const res = await fed.query(EVENTS, variables);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('event text search over organisers and participants', () => {
  const SEARCH = `query($text: String) { events(filter: { text: $text }) { totalCount nodes { id } } eventStats(groupBy: [COUNTRY], filter: { text: $text }) { country count } }`;

  test("a participant's name, in any language, finds its events; a supporter's name does not", async () => {
    for (const text of ['Худалдаа Аж Үйлдвэрийн Танхим', 'CHAMBER OF COMMERCE', 'MONEF']) {
      const data = await ok(SEARCH, { text });
      expect({ text, hit: ids(data.events.nodes).includes('MN:EVT:2022-11-23-sse-briefing') }).toEqual({ text, hit: true });
      expect(data.eventStats.reduce((n: number, s: any) => n + s.count, 0)).toBe(data.events.totalCount);
    }
    // "Эл аралык эмгек уюму", the ILO's Kyrgyz name: the ILO only supported KG events, and no KG event text names it.
    expect((await ok(SEARCH, { text: 'Эл аралык эмгек уюму' })).events.nodes).toEqual([]);
  });

  test('renaming an organisation is found by the new name at once', async () => {
    const org = (await ok(`{ organisation(id: "MN:ORG:chamber-of-commerce-industry") { version name { original } } }`)).organisation;
    await ok(
      `mutation($v: Int!) { updateOrganisation(id: "MN:ORG:chamber-of-commerce-industry", expectedVersion: $v,
         patch: { name: { lang: "mn", text: "Худалдаа Аж Үйлдвэрийн Танхим", translations: [{ lang: "en", text: "Chamber Zqxv" }] } }) { id } }`,
      { v: org.version },
      await editorOf('MN'),
    );
    expect(ids((await ok(SEARCH, { text: 'zqxv' })).events.nodes)).toEqual(['MN:EVT:2022-11-23-sse-briefing']);
  });
});

describe('personReach', () => {
  const QUERY = `query($min: Int) { personReach(minCountries: $min) { globalRef countries people { id } } }`;
  const reference = (min: number) => {
    const groups = new Map<string, { countries: Set<string>; ids: string[] }>();
    for (const seed of seeds)
      for (const p of seed.people ?? []) {
        if (!p.globalRef) continue;
        const g = groups.get(p.globalRef) ?? { countries: new Set(), ids: [] };
        g.countries.add(seed.country);
        g.ids.push(p.id);
        groups.set(p.globalRef, g);
      }
    return [...groups.entries()]
      .filter(([, g]) => g.countries.size >= min)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([globalRef, g]) => ({ globalRef, countries: [...g.countries].sort(), people: g.ids.sort().map((id) => ({ id })) }));
  };

  test('people recorded by two or more offices, merged across nodes by the gateway', async () => {
    const two = await ok(QUERY, {});
    expect(two.personReach).toEqual(reference(2));
    expect(two.personReach.length).toBeGreaterThan(0);
    expect((await ok(QUERY, { min: 1 })).personReach).toEqual(reference(1));
    expect((await fed.query(QUERY, { min: 0 })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    // A node on its own knows one country only.
    expect((await fed.nodes.get('VN')!.query(QUERY, {})).data.personReach).toEqual([]);
  });
});

describe('objectives by theme', () => {
  test('the filter finds programmes with an objective about a theme; themedObjectives narrows to those objectives', async () => {
    const data = await ok(
      `{ programmes(filter: { objectiveThemes: [SOCIAL_DIALOGUE] }) { nodes { id themedObjectives(themes: [SOCIAL_DIALOGUE]) { position themes } } } }`,
    );
    expect(data.programmes.nodes).toEqual([
      {
        id: 'KG:PRG:crisis-decent-safe-work-phase-2',
        themedObjectives: [
          { position: 3, themes: ['OCCUPATIONAL_SAFETY_HEALTH', 'SOCIAL_DIALOGUE', 'INTERNATIONAL_LABOUR_STANDARDS'] },
          { position: 4, themes: ['INFORMAL_ECONOMY', 'SOCIAL_DIALOGUE'] },
        ],
      },
    ]);
  });

  test('written with the objectives, one list each; a mismatch is refused and writes nothing', async () => {
    const editor = await editorOf('VN');
    const count = async () => (await ok(`{ programmes(filter: { countries: [VN] }) { totalCount } }`)).programmes.totalCount;
    const before = await count();
    const objectives = [
      { lang: 'en', text: 'Safer mines' },
      { lang: 'en', text: 'Fewer child workers' },
    ];
    const CREATE = `mutation($input: ProgrammeInput!) { createProgramme(input: $input) { id version status themedObjectives { position themes text { original } } } }`;
    const refused = await fed.query(
      CREATE,
      { input: { country: 'VN', title: { lang: 'en', text: 'T' }, status: 'PIPELINE', objectives, objectiveThemes: [['OCCUPATIONAL_SAFETY_HEALTH']] } },
      editor,
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.objectiveThemes' });
    expect(await count()).toBe(before);

    const input = {
      country: 'VN',
      title: { lang: 'en', text: 'T' },
      status: 'PIPELINE',
      objectives,
      objectiveThemes: [['OCCUPATIONAL_SAFETY_HEALTH'], ['CHILD_LABOUR']],
    };
    const created = (await ok(CREATE, { input }, editor)).createProgramme;
    expect(created.themedObjectives).toEqual([
      { position: 1, themes: ['OCCUPATIONAL_SAFETY_HEALTH'], text: { original: 'Safer mines' } },
      { position: 2, themes: ['CHILD_LABOUR'], text: { original: 'Fewer child workers' } },
    ]);
    // Themes alone retheme the stored objectives; a status may be cleared (none stated).
    const UPDATE = `mutation($id: ID!, $v: Int!, $patch: ProgrammePatch!) { updateProgramme(id: $id, expectedVersion: $v, patch: $patch) { version status themedObjectives { themes } } }`;
    const rethemed = (await ok(UPDATE, { id: created.id, v: created.version, patch: { objectiveThemes: [[], ['SKILLS']], status: null } }, editor))
      .updateProgramme;
    expect(rethemed).toMatchObject({ status: null, themedObjectives: [{ themes: [] }, { themes: ['SKILLS'] }] });
    const found = await ok(`{ programmes(filter: { countries: [VN], objectiveThemes: [SKILLS] }) { nodes { id } } }`);
    expect(ids(found.programmes.nodes)).toEqual([created.id]);
    const stats = await ok(`{ programmeStats(groupBy: [COUNTRY, STATUS], filter: { countries: [VN] }) { country status count } }`);
    expect(stats.programmeStats).toContainEqual({ country: 'VN', status: null, count: 1 });
  });
});

describe('supporters, units and kinds of roles (writes)', () => {
  test('an event records who supported it; supporters must be organisations of its node; a supporter cannot be deleted', async () => {
    const editor = await editorOf('KG');
    const CREATE = `mutation($input: EventInput!) { createEvent(input: $input) { id supporters { id } organisers { id } } }`;
    const base = { country: 'KG', title: { lang: 'en', text: 'Supported meeting' }, type: 'MEETING', startDate: '2016-12-01' };
    const foreign = await fed.query(CREATE, { input: { ...base, supporterIds: ['MN:ORG:ilo'] } }, editor);
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.supporterIds' });
    const created = (await ok(CREATE, { input: { ...base, supporterIds: ['KG:ORG:nsc'] } }, editor)).createEvent;
    expect(created).toMatchObject({ supporters: [{ id: 'KG:ORG:nsc' }], organisers: [] });
    const nsc = (await ok(`{ organisation(id: "KG:ORG:nsc") { version } }`)).organisation;
    const refused = await fed.query(`mutation($v: Int!) { deleteOrganisation(id: "KG:ORG:nsc", expectedVersion: $v) }`, { v: nsc.version }, editor);
    expect(refused.errors?.[0].message).toContain('events (as organiser, participant or supporter)');
  });

  test('an organisation may be a unit of another of its node, never of itself or of its own units', async () => {
    const editor = await editorOf('VN');
    const UPDATE = `mutation($id: ID!, $v: Int!, $parent: ID) { updateOrganisation(id: $id, expectedVersion: $v, patch: { parentId: $parent }) { parent { id } } }`;
    const version = async (id: string) => (await ok(`query($id: ID!) { organisation(id: $id) { version parent { id } } }`, { id })).organisation;
    const molisa = await version('VN:ORG:molisa');
    for (const [parent, why] of [
      ['VN:ORG:molisa-units', 'a unit of VN:ORG:molisa'],
      ['VN:ORG:molisa', 'the organisation itself'],
      ['KG:ORG:mlsd', 'is not a VN record'],
    ]) {
      const res = await fed.query(UPDATE, { id: 'VN:ORG:molisa', v: molisa.version, parent }, editor);
      expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'patch.parentId' }, message: expect.stringContaining(why) });
    }
    expect(await version('VN:ORG:molisa')).toEqual(molisa);
    const units = await ok(`{ organisation(id: "VN:ORG:molisa") { units { id } } }`);
    const refused = await fed.query(`mutation($v: Int!) { deleteOrganisation(id: "VN:ORG:molisa", expectedVersion: $v) }`, { v: molisa.version }, editor);
    expect(refused.errors?.[0].message).toContain(`organisations (as their parent) (${ids(units.organisation.units).join(', ')}`);
  });

  test("a person's role says what kind it is", async () => {
    const editor = await editorOf('AZ');
    const created = await ok(
      `mutation($input: PersonInput!) { createPerson(input: $input) { roles { kind title { original } event { id } } } }`,
      {
        input: {
          country: 'AZ',
          name: { lang: 'en', text: 'A Presenter' },
          roles: [
            { title: { lang: 'en', text: 'the overview' }, kind: 'PRESENTED', eventId: 'AZ:EVT:babayev-ryder-online-meeting' },
            { title: { lang: 'en', text: 'an adviser' } },
          ],
        },
      },
      editor,
    );
    expect(created.createPerson.roles).toEqual([
      { kind: 'PRESENTED', title: { original: 'the overview' }, event: { id: 'AZ:EVT:babayev-ryder-online-meeting' } },
      { kind: null, title: { original: 'an adviser' }, event: null },
    ]);
  });
});

test('the docs/examples operations about who did what answer with data and no error', async () => {
  const examples = readExamples(path.join(__dirname, '..')).filter((e) => e.operationType === 'query');
  expect(examples.map((e) => e.title)).toEqual(
    expect.arrayContaining(['People recorded by two or more country offices', 'Which Kyrgyz objectives are about social protection']),
  );
  for (const e of examples) {
    const res = await fed.query(e.text);
    expect({ title: e.title, errors: res.errors }).toEqual({ title: e.title, errors: undefined });
    expect(JSON.stringify(res.data)).not.toMatch(/^\{"[^"]+":(null|\[\])\}$/); // something found
  }
});

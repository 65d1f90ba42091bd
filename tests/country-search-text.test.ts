/**
 * Text search covers every localized field a reader searches, in every language of the record:
 * the derivation (derive.ts), the migration that recomputes it for stored rows, and the client guide's
 * own examples against seeded nodes.
 */
import { DataSource } from 'typeorm';
import { foldForSearch, type LocalizedText } from '../contract/localized-text.js';
import { COUNTRY_ENTITIES, COUNTRY_MIGRATIONS, createCountryDataSource } from '../subgraphs/country/data/data-source.js';
import { eventSearchText, organisationSearchText, personSearchText, programmeSearchText } from '../subgraphs/country/data/derive.js';
import { Initial1764000000000 } from '../subgraphs/country/migrations/1764000000000-initial.js';
import { People1764100000000 } from '../subgraphs/country/migrations/1764100000000-people.js';
import { recomputeSearchText } from '../subgraphs/country/migrations/1764300000000-search-text-every-field.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { startTestNode, type TestNode } from './support/nodes.js';

const text = (original: string, originalLang: string, en?: string): LocalizedText => ({
  original,
  originalLang,
  translations: en ? [{ lang: 'en', text: en, origin: 'MACHINE' as never }] : [],
});
/** What a `text` filter does with the stored column: a substring of the folded text. */
const finds = (searchText: string, query: string) => searchText.includes(foldForSearch(query));

describe('derivation', () => {
  test('programmes: title, summary, objectives, activities, contacts (name and role) and code, original and translations', () => {
    const s = programmeSearchText({
      code: 'SSE-ASIA',
      title: text('Chiến lược', 'vi', 'Strategy'),
      summary: text('tóm tắt', 'vi', 'digest'),
      objectives: [text('lợi thế so sánh của Việt Nam', 'vi', "Viet Nam's comparative advantages")],
      activities: [text('жумушчу күчтүн пилоттук изилдөөсү', 'ky', 'pilot labour force survey')],
      contacts: [{ name: 'Эльмира Суюмбаева', role: text('Долбоордун Улуттук координатору', 'ky', 'Project National Coordinator') }],
    });
    for (const q of ['VIỆT NAM', 'comparative', 'Пилоттук', 'labour force survey', 'суюмбаева', 'national coordinator', 'sse-asia', 'DIGEST', 'strategy']) {
      expect([q, finds(s, q)]).toEqual([q, true]);
    }
    expect(finds(s, 'nowhere')).toBe(false);
  });

  test('events: title, summary and outcomes', () => {
    const s = eventSearchText({
      title: text('Hội nghị', 'vi', 'Conference'),
      summary: null,
      outcomes: [text('postkonflikt dövründə', 'az', 'in the post-conflict period')],
    });
    for (const q of ['HỘI NGHỊ', 'conference', 'POSTKONFLİKT', 'post-conflict']) expect([q, finds(s, q)]).toEqual([q, true]);
  });

  test('organisations: name, acronym, what the documents say about it and former names', () => {
    const s = organisationSearchText({
      name: text('ЭЭУ Бюросу', 'ky', 'ILO Office'),
      acronym: 'ЭЭУ',
      about: [text('Москвада 1959-жылдан бери иштеп келатат.', 'ky', 'has been working in Moscow since 1959')],
      formerNames: [{ name: text('ЭЭУнун субрегиондук бюросу', 'ky', 'ILO Subregional Office') }],
    });
    for (const q of ['ээу', 'москвада', '1959', 'SUBREGIONAL', 'субрегиондук']) expect([q, finds(s, q)]).toEqual([q, true]);
  });

  test('people: name, its other spellings and role titles', () => {
    const s = personSearchText({
      name: text('Qay Rayder', 'az', 'Guy Ryder'),
      nameVariants: [text('Q.Rayder', 'az', 'G. Ryder')],
      roles: [{ title: text('BƏT-in Baş direktoru', 'az', 'Director-General of the ILO') }],
    });
    for (const q of ['guy ryder', 'Q.RAYDER', 'baş direktoru', 'director-general']) expect([q, finds(s, q)]).toEqual([q, true]);
  });

  test('fields the entities do not carry yet are simply absent', () => {
    expect(programmeSearchText({ title: text('T', 'en') })).toBe('t');
    expect(organisationSearchText({ name: text('N', 'en'), acronym: null })).toBe('n');
  });
});

describe('migration: search_text recomputed for stored rows', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('search');
  });
  afterAll(async () => {
    await db.drop();
  });

  test('old rows gain their objectives, outcomes and role titles; content, updated_at and version stay', async () => {
    // The schema as it was before the migration, with rows whose search_text covers title and summary only.
    const before = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: COUNTRY_ENTITIES,
      migrations: [Initial1764000000000, People1764100000000],
      migrationsTableName: 'migrations',
    });
    await before.initialize();
    await before.runMigrations({ transaction: 'all' });
    const stamp = '2026-01-02T03:04:05.678Z';
    const objective = JSON.stringify([text('lợi thế so sánh của Việt Nam', 'vi', "Viet Nam's comparative advantages")]);
    for (let i = 0; i < 5; i++) {
      await before.query(
        `INSERT INTO programme (id, country, title, status, date_precision, objectives, search_text, updated_at, version)
         VALUES ($1, 'VN', $2, 'PIPELINE', 'UNKNOWN', $3, $4, $5, 3)`,
        [`VN:PRG:p${i}`, JSON.stringify(text(`Chiến lược ${i}`, 'vi')), objective, `chiến lược ${i}`, stamp],
      );
    }
    await before.query(
      `INSERT INTO event (id, country, title, type, date_precision, outcomes, search_text, updated_at, version)
       VALUES ('VN:EVT:e', 'VN', $1, 'CONFERENCE', 'UNKNOWN', $2, 'hội nghị', $3, 1)`,
      [JSON.stringify(text('Hội nghị', 'vi')), JSON.stringify([text('2016 là năm đầu tiên', 'vi', '2016 is the first year')]), stamp],
    );
    await before.query(
      `INSERT INTO organisation (id, country, name, acronym, constituent_group, search_text, updated_at, version)
       VALUES ('VN:ORG:o', 'VN', $1, 'ILO', 'NONE', $2, $3, 1)`,
      [JSON.stringify(text('ILO', 'vi', 'ILO')), organisationSearchText({ name: text('ILO', 'vi', 'ILO'), acronym: 'ILO' }), stamp],
    );
    await before.query(`INSERT INTO person (id, country, name, search_text, updated_at, version) VALUES ('VN:PER:p', 'VN', $1, 'stale', $2, 2)`, [
      JSON.stringify(text('Doãn Mậu Diệp', 'vi', 'Doan Mau Diep')),
      stamp,
    ]);
    await before.query(`INSERT INTO person_role (person_id, position, title) VALUES ('VN:PER:p', 0, $1)`, [
      JSON.stringify(text('Thứ trưởng', 'vi', 'Deputy Minister')),
    ]);
    await before.destroy();

    const after = createCountryDataSource(db.url);
    await after.initialize();
    try {
      await after.runMigrations({ transaction: 'all' });
      const programmes = await after.query(`SELECT id, search_text, updated_at, version FROM programme ORDER BY id`);
      expect(programmes).toHaveLength(5);
      for (const p of programmes) {
        expect(finds(p.search_text, 'VIỆT NAM')).toBe(true);
        expect(finds(p.search_text, 'comparative advantages')).toBe(true);
        expect(p.updated_at.toISOString()).toBe(stamp);
        expect(p.version).toBe(3);
      }
      const [event] = await after.query(`SELECT search_text, version FROM event`);
      expect(finds(event.search_text, 'first year')).toBe(true);
      expect(event.version).toBe(1);
      const [person] = await after.query(`SELECT search_text, version FROM person`);
      for (const q of ['THỨ TRƯỞNG', 'deputy minister', 'doan mau diep']) expect([q, finds(person.search_text, q)]).toEqual([q, true]);
      expect(person.version).toBe(2);

      // Running it again (small batches, across batch boundaries) finds nothing left to change.
      const runner = after.createQueryRunner();
      try {
        expect(await recomputeSearchText(runner, 2)).toBe(0);
        await runner.query(`UPDATE programme SET search_text = 'stale' WHERE id IN ('VN:PRG:p1', 'VN:PRG:p4')`);
        expect(await recomputeSearchText(runner, 2)).toBe(2);
      } finally {
        await runner.release();
      }
    } finally {
      await after.destroy();
    }
  });
});

describe('migrations 1765000000001-2: names searched for events, supporters, kinds, statusless programmes, units', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('attribution');
  });
  afterAll(async () => {
    await db.drop();
  });

  test("stored organisations gain their names' search text (content, updated_at and version stay); the new links and values are accepted", async () => {
    const earlier = COUNTRY_MIGRATIONS.filter((m) => !['Attribution1765000000001', 'OrganisationNameSearch1765000000002'].includes(m.name));
    const before = new DataSource({ type: 'postgres', url: db.url, entities: COUNTRY_ENTITIES, migrations: earlier, migrationsTableName: 'migrations' });
    await before.initialize();
    await before.runMigrations({ transaction: 'all' });
    const stamp = '2026-01-02T03:04:05.678Z';
    const name = text('Худалдаа Аж Үйлдвэрийн Танхим', 'mn', 'Chamber of Commerce and Industry');
    const about = [text('social protection', 'en')];
    await before.query(
      `INSERT INTO organisation (id, country, name, acronym, constituent_group, about, former_names, search_text, updated_at, version)
       VALUES ('MN:ORG:c', 'MN', $1, 'ХАҮТ', 'NONE', $2, $3, 'x', $4, 4)`,
      [JSON.stringify(name), JSON.stringify(about), JSON.stringify([{ name: text('Old Chamber', 'en'), until: null, datePrecision: 'UNKNOWN' }]), stamp],
    );
    await before.destroy();

    const after = createCountryDataSource(db.url);
    await after.initialize();
    try {
      await after.runMigrations({ transaction: 'all' });
      const [org] = await after.query(`SELECT name_search_text, updated_at, version, parent_id FROM organisation`);
      for (const q of ['танхим', 'CHAMBER OF COMMERCE', 'хаүт', 'old chamber']) expect([q, finds(org.name_search_text, q)]).toEqual([q, true]);
      expect(finds(org.name_search_text, 'social protection')).toBe(false); // what is said about it is not its name
      expect([org.updated_at.toISOString(), org.version, org.parent_id]).toEqual([stamp, 4, null]);

      await after.query(
        `INSERT INTO event (id, country, title, type, date_precision, search_text, updated_at, version) VALUES ('MN:EVT:e', 'MN', $1, 'MEETING', 'UNKNOWN', 'e', now(), 1)`,
        [JSON.stringify(text('E', 'en'))],
      );
      await after.query(`INSERT INTO event_organisation (event_id, role, organisation_id, position) VALUES ('MN:EVT:e', 'SUPPORTER', 'MN:ORG:c', 0)`);
      await after.query(
        `INSERT INTO programme (id, country, title, status, date_precision, search_text, updated_at, version) VALUES ('MN:PRG:p', 'MN', $1, NULL, 'UNKNOWN', 'p', now(), 1)`,
        [JSON.stringify(text('P', 'en'))],
      );
      await expect(after.query(`UPDATE organisation SET parent_id = id`)).rejects.toThrow(/check constraint/);
      await expect(after.query(`INSERT INTO event_organisation VALUES ('MN:EVT:e', 'SPONSOR', 'MN:ORG:c', 1)`)).rejects.toThrow(/check constraint/);
    } finally {
      await after.destroy();
    }
  });
});

describe("the client guide's text-search examples on seeded nodes", () => {
  const nodes: Record<string, TestNode> = {};
  beforeAll(async () => {
    await Promise.all(
      ['MN', 'AZ', 'VN'].map(async (cc) => {
        nodes[cc] = await startTestNode(cc);
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(Object.values(nodes).map((n) => n.stop()));
  });

  const ids = async (cc: string, list: 'programmes' | 'events' | 'organisations', q: string): Promise<string[]> => {
    const res = await nodes[cc].query(`query($q: String!) { ${list}(filter: { text: $q }) { nodes { id } } }`, { q });
    expect(res.errors).toBeUndefined();
    return res.data[list].nodes.map((n: { id: string }) => n.id);
  };

  test('"việt" and "VIỆT" find the Vietnamese strategy through its objectives', async () => {
    expect(await ids('VN', 'programmes', 'việt')).toContain('VN:PRG:international-integration-strategy-2020-2030');
    expect(await ids('VN', 'programmes', 'VIỆT')).toContain('VN:PRG:international-integration-strategy-2020-2030');
  });

  test('"монгол" and "ƏMƏK" find records on their nodes', async () => {
    expect((await ids('MN', 'programmes', 'монгол')).length).toBeGreaterThan(0);
    expect((await ids('AZ', 'programmes', 'ƏMƏK')).length).toBeGreaterThan(0);
  });

  test('an outcome and a programme objective are found by words only they contain', async () => {
    // "postkonflikt" is only in an outcome of the AZ online meeting; "ASEAN" only in the VN strategy's objectives.
    expect(await ids('AZ', 'events', 'POSTKONFLİKT')).toEqual(['AZ:EVT:babayev-ryder-online-meeting']);
    expect(await ids('VN', 'programmes', 'asean–4')).toEqual(['VN:PRG:international-integration-strategy-2020-2030']);
  });
});

/**
 * Seeded country nodes hold the facts the source documents state (checked against the documents
 * as summarised in ../shared/data/seed-extract.json), and every seeded record cites its source.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readSeedFile } from '../subgraphs/country/seed/seed.js';
import { startTestNode, type TestNode } from './support/nodes.js';

const COUNTRIES = ['MN', 'KG', 'AZ', 'VN'] as const;
const nodes: Record<string, TestNode> = {};
/** The team's handbook folder beside the repo, holding the source documents. */
const SEEDS_DIR = path.resolve(__dirname, '../../shared/seeds');

beforeAll(async () => {
  await Promise.all(COUNTRIES.map(async (cc) => { nodes[cc] = await startTestNode(cc); }));
});
afterAll(async () => { await Promise.all(Object.values(nodes).map((n) => n.stop())); });

async function ok(cc: string, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await nodes[cc].query(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
}

const PROGRAMME_FIELDS = `id code title { original originalLang text(lang: "en") } status startDate endDate datePrecision phase
  recipientCountries themes contacts { name role { original text(lang: "en") } email phone } sources { document excerpt } country { code }`;
const EVENT_FIELDS = `id type title { original originalLang text(lang: "en") } startDate endDate datePrecision city
  programme { id code } organisers { id name { text(lang: "en") } } participants { id } themes sources { document excerpt }`;

describe('KG', () => {
  test('phase II of "From the Crisis towards Decent and Safe Jobs", 2014–2018, with its national coordinator', async () => {
    const { programmes } = await ok('KG', `query { programmes(filter: { text: "II фаза" }) { nodes { ${PROGRAMME_FIELDS} } } }`);
    expect(programmes.nodes).toHaveLength(1);
    const p = programmes.nodes[0];
    expect(p.id).toMatch(/^KG:PRG:/);
    expect(p.title.original).toBe('Кыргызстанда кризисти жеңүү, татыктуу жана коопсуз эмгекти камсыздоо: II фаза');
    expect(p.title.originalLang).toBe('ky');
    expect(p.title.text).toMatch(/Phase II/i);
    expect(p).toMatchObject({ startDate: '2014-01-01', endDate: '2018-01-01', datePrecision: 'YEAR', phase: 2 });
    expect(p.recipientCountries).toContain('KG');
    const coordinator = p.contacts.find((c: any) => c.name === 'Эльмира Суюмбаева');
    expect(coordinator).toBeDefined();
    expect(coordinator.role.original).toBe('Долбоордун Улуттук координатору');
    expect(coordinator.role.text).toMatch(/national coordinator/i);
    expect(coordinator.email).toBe('suyumbaeva@ilo.org');

    // Its YEAR precision covers the whole of 2018, so it is active on the last day of 2018 but not in 2019.
    const active = await ok('KG', `{ a: programmes(filter: { activeOn: "2018-12-31" }) { nodes { id } } b: programmes(filter: { activeOn: "2019-01-01" }) { nodes { id } } }`);
    expect(active.a.nodes.map((n: any) => n.id)).toContain(p.id);
    expect(active.b.nodes.map((n: any) => n.id)).not.toContain(p.id);

    // Phase I (2010–2013) is there too, and closed.
    const phase1 = await ok('KG', `{ programmes(filter: { activeOn: "2011-06-01" }) { nodes { phase status startDate endDate } } }`);
    expect(phase1.programmes.nodes).toContainEqual({ phase: 1, status: 'CLOSED', startDate: '2010-01-01', endDate: '2013-01-01' });
  });

  test('the 2016-10-28 meeting of employers’ organisations belongs to phase II', async () => {
    const { events } = await ok('KG', `{ events(filter: { from: "2016-10-28", to: "2016-10-28" }) { nodes { ${EVENT_FIELDS} } } }`);
    const meeting = events.nodes.find((e: any) => e.startDate === '2016-10-28');
    expect(meeting).toMatchObject({ type: 'MEETING', datePrecision: 'DAY' });
    expect(meeting.title.original).toMatch(/иш берүүчүлөрдүн/);
    expect(meeting.programme.id).toMatch(/^KG:PRG:.*phase-2/);
  });
});

describe('MN', () => {
  test('the 2017-03-29 discussion meeting among TVET colleges', async () => {
    const { events } = await ok('MN', `{ events(filter: { from: "2017-03-29", to: "2017-03-29", text: "tvet" }) { nodes { ${EVENT_FIELDS} } } }`);
    expect(events.nodes).toHaveLength(1);
    const e = events.nodes[0];
    expect(e).toMatchObject({ type: 'MEETING', startDate: '2017-03-29', datePrecision: 'DAY' });
    expect(e.title.original).toBe('Discussion meeting among TVET college');
    expect(e.themes).toContain('LABOUR_MARKET_INFORMATION');
    expect(e.sources.length).toBeGreaterThan(0);
  });

  test('Strengthening the social and solidarity economy in Asia: recipients include MN', async () => {
    const { programmes } = await ok('MN', `{ programmes(filter: { code: "SSE-ASIA" }) { nodes { ${PROGRAMME_FIELDS} events { id startDate type } } } }`);
    expect(programmes.nodes).toHaveLength(1);
    const p = programmes.nodes[0];
    expect(p.recipientCountries).toEqual(expect.arrayContaining(['MN', 'KG', 'VN']));
    expect(p.themes).toContain('SOCIAL_SOLIDARITY_ECONOMY');
    expect(p.title.text).toMatch(/social (and|&) solidarity economy/i);
    expect(p.contacts.map((c: any) => c.name)).toContain('П.Болормаа');
    // Found through the recipient filter as well, and its 2022-11-23 briefing is linked.
    const byRecipient = await ok('MN', `{ programmes(filter: { recipientCountries: ["MN"] }) { nodes { id } } }`);
    expect(byRecipient.programmes.nodes.map((n: any) => n.id)).toContain(p.id);
    expect(p.events).toContainEqual(expect.objectContaining({ startDate: '2022-11-23' }));
  });

  test('the ILO organisation carries its IATI id, the same on every node', async () => {
    for (const cc of COUNTRIES) {
      const { organisations } = await ok(cc, `{ organisations(filter: { globalRef: "XM-DAC-41302" }) { nodes { id globalRef country { code } } } }`);
      expect(organisations.nodes).toHaveLength(1);
      expect(organisations.nodes[0].id).toMatch(new RegExp(`^${cc}:ORG:`));
    }
  });
});

describe('AZ', () => {
  test('the Decent Work Country Programme 2016–2020', async () => {
    const { programmes } = await ok('AZ', `{ programmes(filter: { themes: [DECENT_WORK_COUNTRY_PROGRAMME], activeOn: "2018-06-01" }) { nodes { ${PROGRAMME_FIELDS} } } }`);
    expect(programmes.nodes).toHaveLength(1);
    const p = programmes.nodes[0];
    expect(p.title.original).toBe('2016-2020-ci illər üçün Layiqli Əmək üzrə Ölkə Proqramı');
    expect(p.title.originalLang).toBe('az');
    expect(p.title.text).toMatch(/Decent Work Country Programme/);
    expect(p).toMatchObject({ startDate: '2016-01-01', endDate: '2020-01-01', datePrecision: 'YEAR' });
    expect(p.recipientCountries).toContain('AZ');
    // Azerbaijani case folding: upper-case query finds it.
    const { programmes: found } = await ok('AZ', `{ programmes(filter: { text: "LAYİQLİ ƏMƏK" }) { nodes { id } } }`);
    expect(found.nodes.map((n: any) => n.id)).toContain(p.id);
  });
});

describe('VN', () => {
  test('the 2015-12-10 partnership conference organised by MOLISA', async () => {
    const { events } = await ok('VN', `{ events(filter: { from: "2015-12-10", to: "2015-12-10" }) { nodes { ${EVENT_FIELDS} } } }`);
    expect(events.nodes).toHaveLength(1);
    const e = events.nodes[0];
    expect(e).toMatchObject({ type: 'CONFERENCE', startDate: '2015-12-10', datePrecision: 'DAY' });
    expect(e.title.original).toBe('Hội nghị tăng cường quan hệ đối tác trong lĩnh vực lao động và xã hội');
    expect(e.title.originalLang).toBe('vi');
    expect(e.organisers.map((o: any) => o.name.text)).toEqual([expect.stringMatching(/Labour, Invalids and Social Affairs|MOLISA/i)]);
    const { events: byText } = await ok('VN', `{ events(filter: { text: "HỘI NGHỊ" }) { nodes { id } } }`);
    expect(byText.nodes.map((n: any) => n.id)).toContain(e.id);
  });

  test('the international integration strategy to 2020, vision 2030, known only by its end', async () => {
    const { programmes } = await ok('VN', `{ programmes(filter: { text: "tầm nhìn 2030" }) { nodes { ${PROGRAMME_FIELDS} } } }`);
    expect(programmes.nodes).toHaveLength(1);
    const p = programmes.nodes[0];
    expect(p.title.original).toMatch(/^Chiến lược hội nhập quốc tế về lao động và xã hội đến năm 2020/);
    expect(p.startDate).toBeNull();
    expect(p.endDate).toBe('2020-01-01');
  });
});

describe('every seeded record', () => {
  test.each(COUNTRIES)('%s: all seed-file records are served, each with sources naming a document', async (cc) => {
    const seed = readSeedFile(cc)!;
    expect(seed).not.toBeNull();
    const d = await ok(cc, `{
      events(first: 500) { totalCount nodes { id sources { document excerpt } } }
      programmes(first: 500) { totalCount nodes { id sources { document excerpt } } }
      partnerships(first: 500) { totalCount nodes { id sources { document excerpt } } }
      organisations(first: 500) { totalCount nodes { id sources { document excerpt } } }
    }`);
    expect(d.events.totalCount).toBe(seed.events.length);
    expect(d.programmes.totalCount).toBe(seed.programmes.length);
    expect(d.partnerships.totalCount).toBe(seed.partnerships.length);
    expect(d.organisations.totalCount).toBe(seed.organisations.length);
    expect(seed.events.length + seed.programmes.length).toBeGreaterThan(0);
    const haveDocs = fs.existsSync(SEEDS_DIR);
    const docs = new Map<string, string>();
    for (const list of [d.events, d.programmes, d.partnerships, d.organisations]) {
      for (const record of list.nodes) {
        expect(record.id.startsWith(`${cc}:`)).toBe(true);
        expect(record.sources.length).toBeGreaterThan(0);
        for (const s of record.sources) {
          expect(s.document).toMatch(/^\S+\.txt$/);
          if (!haveDocs) continue;
          if (!docs.has(s.document)) docs.set(s.document, fs.readFileSync(path.join(SEEDS_DIR, s.document), 'utf8'));
          // The excerpt is verbatim from the cited document.
          if (s.excerpt) expect(docs.get(s.document)!.includes(s.excerpt)).toBe(true);
        }
      }
    }
  });
});

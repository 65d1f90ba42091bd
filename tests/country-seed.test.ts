/**
 * Seeded country nodes hold the facts the source documents state, and every seeded record cites
 * its source; the seed files themselves keep their originals and excerpts verbatim and follow
 * the policies in subgraphs/country/seed/FIDELITY.md. (Each reviewed fact is checked against the
 * served federation by tests/seed-fidelity.test.ts.)
 */
import { readSeedFile } from '../subgraphs/country/seed/seed.js';
import { startTestNode, type TestNode } from './support/nodes.js';
import { seedDocument } from './support/seeds.js';

const COUNTRIES = ['MN', 'KG', 'AZ', 'VN'] as const;
const nodes: Record<string, TestNode> = {};

beforeAll(async () => {
  await Promise.all(
    COUNTRIES.map(async (cc) => {
      nodes[cc] = await startTestNode(cc);
    }),
  );
}, 300_000); // four seeded nodes at once: minutes on a loaded machine
afterAll(async () => {
  await Promise.all(Object.values(nodes).map((n) => n.stop()));
});

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
    const active = await ok(
      'KG',
      `{ a: programmes(filter: { activeOn: "2018-12-31" }) { nodes { id } } b: programmes(filter: { activeOn: "2019-01-01" }) { nodes { id } } }`,
    );
    expect(active.a.nodes.map((n: any) => n.id)).toContain(p.id);
    expect(active.b.nodes.map((n: any) => n.id)).not.toContain(p.id);

    // Phase I (2010–2013) is there too, and closed.
    const phase1 = await ok('KG', `{ programmes(filter: { activeOn: "2011-06-01" }) { nodes { phase status startDate endDate } } }`);
    expect(phase1.programmes.nodes).toContainEqual({ phase: 1, status: 'CLOSED', startDate: '2010-01-01', endDate: '2013-01-01' });
  });

  test('the 2016-10-28 meeting of employers’ organisations, organised with ILO help, belongs to no programme the news item names', async () => {
    const { events } = await ok('KG', `{ events(filter: { from: "2016-10-28", to: "2016-10-28" }) { nodes { ${EVENT_FIELDS} supporters { id } } } }`);
    const meeting = events.nodes.find((e: any) => e.startDate === '2016-10-28');
    expect(meeting).toMatchObject({ type: 'MEETING', datePrecision: 'DAY', programme: null, organisers: [], supporters: [{ id: 'KG:ORG:ilo' }] });
    expect(meeting.title.original).toMatch(/иш берүүчүлөрдүн/);
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
    // P. Bolormaa moderated its briefing as the ILO's National Coordinator; the article gives no contact for the project.
    expect(p.contacts).toEqual([]);
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
    const { programmes } = await ok(
      'AZ',
      `{ programmes(filter: { themes: [DECENT_WORK_COUNTRY_PROGRAMME], activeOn: "2018-06-01" }) { nodes { ${PROGRAMME_FIELDS} } } }`,
    );
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
    const d = await ok(
      cc,
      `{
      events(first: 500) { totalCount nodes { id sources { document excerpt } } }
      programmes(first: 500) { totalCount nodes { id sources { document excerpt } } }
      partnerships(first: 500) { totalCount nodes { id sources { document excerpt } } }
      organisations(first: 500) { totalCount nodes { id sources { document excerpt } } }
    }`,
    );
    expect(d.events.totalCount).toBe(seed.events.length);
    expect(d.programmes.totalCount).toBe(seed.programmes.length);
    expect(d.partnerships.totalCount).toBe(seed.partnerships.length);
    expect(d.organisations.totalCount).toBe(seed.organisations.length);
    expect(seed.events.length + seed.programmes.length).toBeGreaterThan(0);
    const docs = new Map<string, string>();
    for (const list of [d.events, d.programmes, d.partnerships, d.organisations]) {
      for (const record of list.nodes) {
        expect(record.id.startsWith(`${cc}:`)).toBe(true);
        expect(record.sources.length).toBeGreaterThan(0);
        for (const s of record.sources) {
          expect(s.document).toMatch(/^\S+\.txt$/);
          if (!docs.has(s.document)) docs.set(s.document, seedDocument(s.document));
          // The excerpt is verbatim from the cited document.
          if (s.excerpt) expect(docs.get(s.document)!.includes(s.excerpt)).toBe(true);
        }
      }
    }
  });
});

describe('the seed files themselves', () => {
  const docText = seedDocument;
  const ISO = /^\d{4}-\d{2}-\d{2}$/;

  /** Every LocalizedText and SourceRef inside a record, with where it is. */
  function walk(value: unknown, at: string, out: { texts: Array<[string, any]>; sources: Array<[string, any]> }) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`, out));
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if ('original' in v && 'translations' in v) out.texts.push([at, v]);
      else if ('document' in v && 'excerpt' in v) out.sources.push([at, v]);
      else for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`, out);
    }
  }

  test.each(COUNTRIES)('%s: originals and excerpts are verbatim from the documents each record cites; non-English text has an English translation', (cc) => {
    const seed = readSeedFile(cc)!;
    const records = [...seed.organisations, ...seed.programmes, ...seed.events, ...seed.partnerships, ...(seed.people ?? [])];
    const problems: string[] = [];
    for (const record of records) {
      expect(record.sources.length).toBeGreaterThan(0);
      const found = { texts: [] as Array<[string, any]>, sources: [] as Array<[string, any]> };
      walk(record, record.id, found);
      for (const [at, s] of found.sources) {
        expect(s.document).toMatch(/^\S+\.txt$/);
        if (s.excerpt && !docText(s.document).includes(s.excerpt)) problems.push(`excerpt ${at}`);
      }
      const cited = [...new Set(record.sources.map((s) => s.document))];
      for (const [at, t] of found.texts) {
        if (!cited.some((d) => docText(d).includes(t.original))) problems.push(`original ${at}: ${t.original.slice(0, 60)}`);
        if (t.lang !== 'en' && !t.translations.some((tr: any) => tr.lang === 'en' && tr.text.trim())) problems.push(`no English ${at}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test.each(COUNTRIES)('%s: every programme states its status policy, with an ISO statusAsOf or null', (cc) => {
    for (const p of readSeedFile(cc)!.programmes) {
      expect([p.id, p.statusAsOf === null || ISO.test(p.statusAsOf)]).toEqual([p.id, true]);
      expect([p.id, p.sources.some((s) => s.note?.startsWith('Status'))]).toEqual([p.id, true]);
    }
  });

  test.each(COUNTRIES)('%s: people have well-formed ids, roles tied to records of the same node, and say why their globalRef is set or not', (cc) => {
    const seed = readSeedFile(cc)!;
    const ids = (list: Array<{ id: string }>) => new Set(list.map((r) => r.id));
    const orgs = ids(seed.organisations);
    const events = ids(seed.events);
    const programmes = ids(seed.programmes);
    const people = seed.people ?? [];
    expect(people.length).toBeGreaterThan(0);
    for (const p of people) {
      expect(p.id).toMatch(new RegExp(`^${cc}:PER:[a-z0-9]+(-[a-z0-9]+)*$`));
      expect(p.roles.length).toBeGreaterThan(0);
      for (const r of p.roles) {
        if (r.organisationId) expect(orgs.has(r.organisationId)).toBe(true);
        if (r.eventId) expect(events.has(r.eventId)).toBe(true);
        if (r.programmeId) expect(programmes.has(r.programmeId)).toBe(true);
        expect(r.organisationId || r.eventId || r.programmeId).toBeTruthy();
        expect(r.asOf === null || ISO.test(r.asOf)).toBe(true);
      }
      expect([p.id, p.sources.some((s) => s.note?.includes('globalRef'))]).toEqual([p.id, true]);
    }
  });

  test('a person globalRef is shared by records on at least two nodes, each saying why', () => {
    const byRef = new Map<string, string[]>();
    for (const cc of COUNTRIES) {
      for (const p of readSeedFile(cc)!.people ?? []) {
        if (!p.globalRef) continue;
        byRef.set(p.globalRef, [...(byRef.get(p.globalRef) ?? []), p.id]);
        expect(p.sources.some((s) => s.note?.includes(p.globalRef!))).toBe(true);
      }
    }
    for (const [, people] of byRef) expect(new Set(people.map((id) => id.slice(0, 2))).size).toBeGreaterThan(1);
  });
});

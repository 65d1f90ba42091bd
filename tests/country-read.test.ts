/**
 * Country node read path over a real PostgreSQL: every filter of events, programmes, partnerships
 * and organisations, and the stats, checked against answers computed here from generated data.
 */
import { DatePrecision, EventType, TextOrigin, Theme } from '../contract/enums.js';
import {
  generateCountryData,
  insertCountryData,
  referenceOverlaps,
  referenceSort,
  referenceTextMatch,
  type CountryData,
  type GeneratedEvent,
} from './support/generate.js';
import { startTestNode, type TestNode } from './support/nodes.js';

const CC = 'KG';
let node: TestNode;
let data: CountryData;

/** Hand-made events next to the generated ones, for the exact edge cases of date precision. */
function anchor(id: string, startDate: string | null, datePrecision: DatePrecision, extra: Partial<GeneratedEvent> = {}): GeneratedEvent {
  return {
    id: `${CC}:EVT:${id}`,
    country: CC,
    title: { original: `Anchor ${id}`, originalLang: 'en', translations: [] },
    summary: null,
    type: EventType.MEETING,
    startDate,
    endDate: null,
    datePrecision,
    city: null,
    venue: null,
    online: false,
    programmeId: null,
    organiserIds: [],
    participantIds: [],
    participantCount: null,
    presentationCount: null,
    themes: [],
    outcomes: [],
    sources: [{ document: 'anchor.txt', excerpt: null }],
    updatedAt: new Date('2026-02-01T00:00:00.000Z'),
    ...extra,
  };
}

const YEAR_2017 = `${CC}:EVT:anchor-year-2017`;
const DAY_2018_03_02 = `${CC}:EVT:anchor-day-2018-03-02`;
const MONTH_2017_02 = `${CC}:EVT:anchor-month-2017-02`;
const UNDATED = `${CC}:EVT:anchor-undated`;
const LITERAL = `${CC}:EVT:anchor-literal`;

beforeAll(async () => {
  node = await startTestNode(CC, { seed: false });
  data = generateCountryData(CC, { events: 160, programmes: 30, seed: 42 });
  data.events.push(
    anchor('anchor-year-2017', '2017-01-01', DatePrecision.YEAR),
    anchor('anchor-day-2018-03-02', '2018-03-02', DatePrecision.DAY),
    anchor('anchor-month-2017-02', '2017-02-01', DatePrecision.MONTH),
    anchor('anchor-undated', null, DatePrecision.UNKNOWN),
    anchor('anchor-literal', '2019-01-01', DatePrecision.DAY, {
      title: { original: 'Rate 50%_off', originalLang: 'en', translations: [{ lang: 'ru', text: 'Скидка', origin: TextOrigin.HUMAN }] },
    }),
  );
  await insertCountryData(node.ds, data);
});
afterAll(async () => {
  await node?.stop();
});

async function ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await node.query<T>(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

async function errorCode(query: string, variables?: Record<string, unknown>): Promise<string | undefined> {
  const res = await node.query(query, variables);
  expect(res.errors?.length).toBeGreaterThan(0);
  return res.errors![0].extensions?.code;
}

const EVENTS = `query($f: EventFilter, $o: EventOrder) { events(filter: $f, orderBy: $o, first: 500) { totalCount nodes { id } } }`;
const PROGRAMMES = `query($f: ProgrammeFilter, $o: ProgrammeOrder) { programmes(filter: $f, orderBy: $o, first: 500) { totalCount nodes { id } } }`;
const PARTNERSHIPS = `query($f: PartnershipFilter) { partnerships(filter: $f, first: 500) { totalCount nodes { id } } }`;
const ORGANISATIONS = `query($f: OrganisationFilter) { organisations(filter: $f, first: 500) { totalCount nodes { id } } }`;

async function eventIds(filter: Record<string, unknown>): Promise<string[]> {
  const { events } = await ok(EVENTS, { f: filter });
  expect(events.totalCount).toBe(events.nodes.length);
  return events.nodes.map((n: { id: string }) => n.id);
}
async function programmeIds(filter: Record<string, unknown>): Promise<string[]> {
  const { programmes } = await ok(PROGRAMMES, { f: filter });
  expect(programmes.totalCount).toBe(programmes.nodes.length);
  return programmes.nodes.map((n: { id: string }) => n.id);
}
async function partnershipIds(filter: Record<string, unknown>): Promise<string[]> {
  const { partnerships } = await ok(PARTNERSHIPS, { f: filter });
  expect(partnerships.totalCount).toBe(partnerships.nodes.length);
  return partnerships.nodes.map((n: { id: string }) => n.id);
}
async function organisationIds(filter: Record<string, unknown>): Promise<string[]> {
  const { organisations } = await ok(ORGANISATIONS, { f: filter });
  expect(organisations.totalCount).toBe(organisations.nodes.length);
  return organisations.nodes.map((n: { id: string }) => n.id);
}

/** Expected ids in the default order (START_DATE_DESC, then id). */
/** What an event's text filter searches: its own texts and its organisers' and participants' names. */
const eventTexts = (e: GeneratedEvent) => [
  e.title,
  e.summary,
  ...[...e.organiserIds, ...e.participantIds].flatMap((id) => {
    const o = data.organisations.find((x) => x.id === id)!;
    return [o.name, o.acronym];
  }),
];
const expectedEvents = (keep: (e: GeneratedEvent) => boolean) => referenceSort(data.events.filter(keep), 'START_DATE_DESC').map((e) => e.id);
const expectedProgrammes = (keep: (p: CountryData['programmes'][number]) => boolean) =>
  referenceSort(data.programmes.filter(keep), 'START_DATE_DESC').map((p) => p.id);
const expectedPartnerships = (keep: (p: CountryData['partnerships'][number]) => boolean) =>
  data.partnerships
    .filter(keep)
    .map((p) => p.id)
    .sort();
const expectedOrganisations = (keep: (o: CountryData['organisations'][number]) => boolean) =>
  data.organisations
    .filter(keep)
    .map((o) => o.id)
    .sort();

/** A filter test is only meaningful when it keeps some rows and drops others. */
function nonTrivial(expected: string[], total: number): void {
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(total);
}

describe('event date filter (overlap with precision)', () => {
  test('a YEAR-precision 2017 event covers the whole year', async () => {
    const a = await eventIds({ from: '2017-12-31', to: '2018-03-01' });
    expect(a).toContain(YEAR_2017);
    expect(a).not.toContain(DAY_2018_03_02); // the day right after the range
    expect(a).not.toContain(MONTH_2017_02);
    expect(a).toEqual(expectedEvents((e) => referenceOverlaps(e, '2017-12-31', '2018-03-01')));

    const b = await eventIds({ from: '2016-06-01', to: '2017-01-01' });
    expect(b).toContain(YEAR_2017);
    expect(b).not.toContain(MONTH_2017_02);
    expect(b).toEqual(expectedEvents((e) => referenceOverlaps(e, '2016-06-01', '2017-01-01')));
  });

  test('a MONTH-precision event covers its whole month, and only it', async () => {
    expect(await eventIds({ from: '2017-02-28', to: '2017-02-28' })).toContain(MONTH_2017_02);
    expect(await eventIds({ from: '2017-02-01', to: '2017-02-01' })).toContain(MONTH_2017_02);
    expect(await eventIds({ from: '2017-03-01', to: '2017-03-10' })).not.toContain(MONTH_2017_02);
    expect(await eventIds({ from: '2017-01-01', to: '2017-01-31' })).not.toContain(MONTH_2017_02);
  });

  test('a DAY event does not match a range next to it, but matches one touching it', async () => {
    expect(await eventIds({ from: '2018-03-03', to: '2018-04-01' })).not.toContain(DAY_2018_03_02);
    expect(await eventIds({ from: '2018-02-01', to: '2018-03-01' })).not.toContain(DAY_2018_03_02);
    expect(await eventIds({ from: '2018-03-02', to: '2018-03-02' })).toContain(DAY_2018_03_02);
    expect(await eventIds({ to: '2018-03-02' })).toContain(DAY_2018_03_02);
    expect(await eventIds({ from: '2018-03-02' })).toContain(DAY_2018_03_02);
    expect(await eventIds({ from: '2018-03-03' })).not.toContain(DAY_2018_03_02);
  });

  test.each<[{ from?: string; to?: string }]>([
    [{ from: '2017-03-29', to: '2017-03-29' }],
    [{ from: '2015-01-01', to: '2016-12-31' }],
    [{ from: '2019-01-01' }],
    [{ to: '2016-12-31' }],
    [{ to: '2014-06-30' }],
  ])('%j equals the reference overlap', async (f) => {
    const expected = expectedEvents((e) => referenceOverlaps(e, f.from, f.to));
    nonTrivial(expected, data.events.length);
    expect(await eventIds(f)).toEqual(expected);
  });

  test('undated records never match a date filter', async () => {
    const undated = data.events.filter((e) => !e.startDate && !e.endDate).map((e) => e.id);
    expect(undated.length).toBeGreaterThan(1);
    const all = [
      ...(await eventIds({ from: '1900-01-01' })),
      ...(await eventIds({ to: '2100-12-31' })),
      ...(await eventIds({ from: '1900-01-01', to: '2100-12-31' })),
    ];
    for (const id of undated) expect(all).not.toContain(id);
    expect(all).not.toContain(UNDATED);
    // ...while every dated record matches an all-embracing range.
    expect(await eventIds({ from: '1900-01-01', to: '2100-12-31' })).toHaveLength(data.events.length - undated.length);
  });

  test('from after to is BAD_USER_INPUT', async () => {
    expect(await errorCode(EVENTS, { f: { from: '2018-01-02', to: '2018-01-01' } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ events(filter: { from: "2020-01-01", to: "2019-12-31" }) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ eventStats(groupBy: [TYPE], filter: { from: "2020-01-01", to: "2019-12-31" }) { count } }`)).toBe('BAD_USER_INPUT');
  });

  test('a malformed date is BAD_USER_INPUT', async () => {
    expect(await errorCode(EVENTS, { f: { from: '2018-02-30' } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ events(filter: { from: "yesterday" }) { totalCount } }`)).toBe('BAD_USER_INPUT');
  });
});

describe('event filters', () => {
  test('types', async () => {
    const types = [EventType.SEMINAR, EventType.TRAINING];
    const expected = expectedEvents((e) => types.includes(e.type));
    nonTrivial(expected, data.events.length);
    expect(await eventIds({ types })).toEqual(expected);
  });

  test('themes: any of them', async () => {
    const themes = [Theme.CHILD_LABOUR, Theme.SKILLS];
    const expected = expectedEvents((e) => e.themes.some((t) => themes.includes(t)));
    nonTrivial(expected, data.events.length);
    expect(await eventIds({ themes })).toEqual(expected);
  });

  test('programmeId', async () => {
    const programmeId = data.events.find((e) => e.programmeId)!.programmeId!;
    const expected = expectedEvents((e) => e.programmeId === programmeId);
    nonTrivial(expected, data.events.length);
    expect(await eventIds({ programmeId })).toEqual(expected);
    expect(await eventIds({ programmeId: `${CC}:PRG:nope` })).toEqual([]);
  });

  test('organisationGlobalRef: organisers or participants with that global ref', async () => {
    const ilo = data.organisations.find((o) => o.globalRef === 'XM-DAC-41302')!;
    const expected = expectedEvents((e) => e.organiserIds.includes(ilo.id) || e.participantIds.includes(ilo.id));
    nonTrivial(expected, data.events.length);
    expect(await eventIds({ organisationGlobalRef: 'XM-DAC-41302' })).toEqual(expected);
    expect(await eventIds({ organisationGlobalRef: 'no-such-ref' })).toEqual([]);
  });

  test.each([
    ['МОНГОЛ', 'Монгол'],
    ['ƏMƏK', 'əmək'],
    ['VIỆT', 'Việt'],
    ['КЫРГЫЗСТАНДАГЫ', 'Кыргызстандагы'],
    ['ОБСУЖДЕНИЕ', 'Обсуждение'], // in the summary only
  ])('text %s is case-insensitive and finds "%s"', async (query, stored) => {
    const expected = expectedEvents((e) => referenceTextMatch(eventTexts(e), query));
    nonTrivial(expected, data.events.length);
    const found = await eventIds({ text: query });
    expect(found).toEqual(expected);
    // Sanity: every hit really holds the lower-case stored wording.
    const byId = new Map(data.events.map((e) => [e.id, e]));
    for (const id of found) {
      const e = byId.get(id)!;
      expect(
        eventTexts(e)
          .flatMap((t) => (!t ? [] : typeof t === 'string' ? [t] : [t.original, ...t.translations.map((x) => x.text)]))
          .join(' ')
          .toLowerCase(),
      ).toContain(stored.toLowerCase());
    }
  });

  test('text matches a translation too', async () => {
    const expected = expectedEvents((e) => referenceTextMatch(eventTexts(e), 'labour market of mongolia'));
    nonTrivial(expected, data.events.length);
    // No original contains it: only the English translation of a Mongolian title does.
    expect(data.events.filter((e) => e.title.original.toLowerCase().includes('labour market of mongolia'))).toHaveLength(0);
    expect(await eventIds({ text: 'Labour Market of MONGOLIA' })).toEqual(expected);
  });

  test('% and _ in text are literal', async () => {
    for (const q of ['%', '_', '50%_', '100%', '%_o', 'skills_portal']) {
      const expected = expectedEvents((e) => referenceTextMatch(eventTexts(e), q));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(data.events.length / 2);
      expect(await eventIds({ text: q })).toEqual(expected);
    }
    expect(await eventIds({ text: '50%_off' })).toEqual([LITERAL]);
    expect(await eventIds({ text: '50x_off' })).toEqual([]); // `%` is not a wildcard
    expect(await eventIds({ text: 'rate 50%xoff' })).toEqual([]); // `_` is not a wildcard
    expect(await eventIds({ text: '\\' })).toEqual([]);
  });

  test('updatedSince is inclusive, to the millisecond', async () => {
    const stamps = [...new Set(data.events.map((e) => e.updatedAt.getTime()))].sort((a, b) => a - b);
    const since = new Date(stamps[Math.floor(stamps.length / 2)]);
    const expected = expectedEvents((e) => e.updatedAt.getTime() >= since.getTime());
    nonTrivial(expected, data.events.length);
    expect(await eventIds({ updatedSince: since.toISOString() })).toEqual(expected);
    // One millisecond later drops the rows stamped exactly `since`.
    const later = new Date(since.getTime() + 1);
    expect(await eventIds({ updatedSince: later.toISOString() })).toEqual(expectedEvents((e) => e.updatedAt.getTime() >= later.getTime()));
    // An offset other than Z means the same instant.
    const shifted = new Date(since.getTime() + 5 * 3600_000).toISOString().replace('Z', '+05:00');
    expect(await eventIds({ updatedSince: shifted })).toEqual(expected);
  });

  test('countries: own country → all rows; other countries only → empty, no error', async () => {
    expect(await eventIds({ countries: [CC] })).toHaveLength(data.events.length);
    expect(await eventIds({ countries: ['MN', CC] })).toHaveLength(data.events.length);
    const { events } = await ok(`{ events(filter: { countries: ["MN", "VN"] }) { totalCount nodes { id } pageInfo { hasNextPage } } }`);
    expect(events).toEqual({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } });
  });

  test('filters combine with AND', async () => {
    const f = { types: [EventType.MEETING, EventType.SEMINAR, EventType.TRAINING, EventType.CONFERENCE], from: '2016-01-01', text: 'e1' };
    const expected = expectedEvents((e) => f.types.includes(e.type) && referenceOverlaps(e, f.from, null) && referenceTextMatch(eventTexts(e), f.text));
    nonTrivial(expected, data.events.length);
    expect(await eventIds(f)).toEqual(expected);
  });
});

describe('programme filters', () => {
  test.each([['2017-03-29'], ['2014-01-01'], ['2020-12-31']])('activeOn %s', async (day) => {
    const expected = expectedProgrammes((p) => referenceOverlaps(p, day, day));
    nonTrivial(expected, data.programmes.length);
    expect(await programmeIds({ activeOn: day })).toEqual(expected);
  });

  test('activeOn never matches undated programmes', async () => {
    const undated = data.programmes.filter((p) => !p.startDate && !p.endDate);
    expect(undated.length).toBeGreaterThan(0);
    const found = new Set<string>();
    for (const d of ['2014-06-01', '2017-03-29', '2019-01-01', '2021-07-07']) for (const id of await programmeIds({ activeOn: d })) found.add(id);
    for (const p of undated) expect(found.has(p.id)).toBe(false);
  });

  test('status', async () => {
    const status = ['IMPLEMENTATION', 'CLOSED'];
    const expected = expectedProgrammes((p) => status.includes(p.status));
    nonTrivial(expected, data.programmes.length);
    expect(await programmeIds({ status })).toEqual(expected);
  });

  test('recipientCountries: any of them', async () => {
    for (const rc of [['TJ'], ['LA', 'UZ'], [CC]]) {
      const expected = expectedProgrammes((p) => p.recipientCountries.some((c) => rc.includes(c)));
      nonTrivial(expected, data.programmes.length);
      expect(await programmeIds({ recipientCountries: rc })).toEqual(expected);
    }
  });

  test('code', async () => {
    const expected = expectedProgrammes((p) => p.code === 'SSE-ASIA');
    nonTrivial(expected, data.programmes.length);
    expect(await programmeIds({ code: 'SSE-ASIA' })).toEqual(expected);
    expect(await programmeIds({ code: 'sse-asia-nope' })).toEqual([]);
  });

  test('themes', async () => {
    const themes = [Theme.SOCIAL_PROTECTION, Theme.GENDER_EQUALITY, Theme.LABOUR_LAW];
    const expected = expectedProgrammes((p) => p.themes.some((t) => themes.includes(t)));
    nonTrivial(expected, data.programmes.length);
    expect(await programmeIds({ themes })).toEqual(expected);
  });

  test('text (Cyrillic, Azerbaijani, Vietnamese, translation, literal %)', async () => {
    for (const q of ['НИЙГМИЙН', 'ƏMƏK', 'VIỆT', 'sustainable employment', '100%', 'p1']) {
      const expected = expectedProgrammes((p) => referenceTextMatch([p.title, p.summary], q));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(data.programmes.length);
      expect(await programmeIds({ text: q })).toEqual(expected);
    }
  });

  test('updatedSince and countries', async () => {
    const stamps = [...new Set(data.programmes.map((p) => p.updatedAt.getTime()))].sort((a, b) => a - b);
    const since = stamps[Math.floor(stamps.length / 2)];
    const expected = expectedProgrammes((p) => p.updatedAt.getTime() >= since);
    nonTrivial(expected, data.programmes.length);
    expect(await programmeIds({ updatedSince: new Date(since).toISOString() })).toEqual(expected);
    expect(await programmeIds({ countries: ['AZ'] })).toEqual([]);
    expect(await programmeIds({ countries: [CC] })).toHaveLength(data.programmes.length);
  });
});

describe('partnership filters (ordered by id)', () => {
  const orgOf = (id: string) => data.organisations.find((o) => o.id === id)!;

  test('no filter: all, by id', async () => {
    expect(await partnershipIds({})).toEqual(expectedPartnerships(() => true));
  });

  test('roles', async () => {
    const roles = ['FUNDING', 'IMPLEMENTING'];
    const expected = expectedPartnerships((p) => p.role !== null && roles.includes(p.role));
    nonTrivial(expected, data.partnerships.length);
    expect(await partnershipIds({ roles })).toEqual(expected);
  });

  test('constituentGroups (of the partner organisation)', async () => {
    for (const groups of [['WORKERS'], ['GOVERNMENT', 'EMPLOYERS']]) {
      const expected = expectedPartnerships((p) => groups.includes(orgOf(p.organisationId).constituentGroup));
      nonTrivial(expected, data.partnerships.length);
      expect(await partnershipIds({ constituentGroups: groups })).toEqual(expected);
    }
  });

  test('organisationGlobalRef, alone and with constituentGroups', async () => {
    const withRef = data.partnerships.filter((p) => orgOf(p.organisationId).globalRef);
    expect(withRef.length).toBeGreaterThan(0);
    const ref = orgOf(withRef[0].organisationId).globalRef!;
    const expected = expectedPartnerships((p) => orgOf(p.organisationId).globalRef === ref);
    expect(await partnershipIds({ organisationGlobalRef: ref })).toEqual(expected);
    const group = orgOf(withRef[0].organisationId).constituentGroup;
    expect(await partnershipIds({ organisationGlobalRef: ref, constituentGroups: [group] })).toEqual(expected);
    const other = ['GOVERNMENT', 'EMPLOYERS', 'WORKERS', 'NONE'].filter((g) => g !== group);
    expect(await partnershipIds({ organisationGlobalRef: ref, constituentGroups: other })).toEqual([]);
  });

  test('programmeId', async () => {
    const programmeId = data.partnerships.find((p) => p.programmeId)!.programmeId!;
    const expected = expectedPartnerships((p) => p.programmeId === programmeId);
    nonTrivial(expected, data.partnerships.length);
    expect(await partnershipIds({ programmeId })).toEqual(expected);
  });

  test('updatedSince and countries', async () => {
    const stamps = [...new Set(data.partnerships.map((p) => p.updatedAt.getTime()))].sort((a, b) => a - b);
    const since = stamps[Math.floor(stamps.length / 2)];
    const expected = expectedPartnerships((p) => p.updatedAt.getTime() >= since);
    nonTrivial(expected, data.partnerships.length);
    expect(await partnershipIds({ updatedSince: new Date(since).toISOString() })).toEqual(expected);
    expect(await partnershipIds({ countries: ['VN'] })).toEqual([]);
  });
});

describe('organisation filters (ordered by id)', () => {
  test('constituentGroups and types', async () => {
    const groups = ['WORKERS', 'EMPLOYERS'];
    let expected = expectedOrganisations((o) => groups.includes(o.constituentGroup));
    nonTrivial(expected, data.organisations.length);
    expect(await organisationIds({ constituentGroups: groups })).toEqual(expected);
    const types = ['GOVERNMENT', 'ACADEMIC'];
    expected = expectedOrganisations((o) => o.type !== null && types.includes(o.type));
    nonTrivial(expected, data.organisations.length);
    expect(await organisationIds({ types })).toEqual(expected);
  });

  test('globalRef', async () => {
    expect(await organisationIds({ globalRef: 'XM-DAC-41302' })).toEqual(expectedOrganisations((o) => o.globalRef === 'XM-DAC-41302'));
    expect(await organisationIds({ globalRef: 'XM-DAC-41302' })).toHaveLength(1);
    expect(await organisationIds({ globalRef: 'nope' })).toEqual([]);
  });

  test('text: name in any language, acronym, literal % and _', async () => {
    for (const q of ['ХӨДӨЛМӨР', 'HƏMKARLAR', 'LAO ĐỘNG', "employers' federation", 'ILO', '100%', 'h_c', '_']) {
      const expected = expectedOrganisations((o) => referenceTextMatch([o.name, o.acronym ?? ''], q));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(data.organisations.length);
      expect(await organisationIds({ text: q })).toEqual(expected);
    }
  });

  test('updatedSince and countries', async () => {
    const since = [...data.organisations.map((o) => o.updatedAt.getTime())].sort((a, b) => a - b)[3];
    const expected = expectedOrganisations((o) => o.updatedAt.getTime() >= since);
    nonTrivial(expected, data.organisations.length);
    expect(await organisationIds({ updatedSince: new Date(since).toISOString() })).toEqual(expected);
    expect(await organisationIds({ countries: ['MN'] })).toEqual([]);
  });
});

describe('stats', () => {
  type Row = Record<string, unknown> & { count: number; participantCount?: number };
  const key = (r: Record<string, unknown>, dims: string[]) => dims.map((d) => String(r[d] ?? null)).join('|');
  function tally<T>(rows: T[], dims: string[], keysOf: (row: T) => Array<Record<string, unknown>>, participants?: (row: T) => number) {
    const out = new Map<string, Row>();
    for (const row of rows) {
      for (const k of keysOf(row)) {
        const id = key(k, dims);
        const entry = out.get(id) ?? { ...k, count: 0, ...(participants ? { participantCount: 0 } : {}) };
        entry.count += 1;
        if (participants) entry.participantCount! += participants(row);
        out.set(id, entry);
      }
    }
    return out;
  }
  const asMap = (rows: Row[], dims: string[]) => new Map(rows.map((r) => [key(r, dims), r]));

  test('eventStats by [COUNTRY, YEAR] with participant sums', async () => {
    const { eventStats } = await ok(`{ eventStats(groupBy: [COUNTRY, YEAR]) { country year type theme count participantCount } }`);
    const expected = tally(
      data.events,
      ['country', 'year'],
      (e) => [{ country: CC, year: e.startDate ? Number(e.startDate.slice(0, 4)) : null }],
      (e) => e.participantCount ?? 0,
    );
    expect(eventStats.length).toBe(expected.size);
    for (const s of eventStats) {
      expect(s.type).toBeNull();
      expect(s.theme).toBeNull();
      const e = expected.get(key(s, ['country', 'year']))!;
      expect(e).toBeDefined();
      expect(s.count).toBe(e.count);
      expect(s.participantCount).toBe(e.participantCount);
    }
    expect(eventStats.reduce((n: number, s: Row) => n + s.count, 0)).toBe(data.events.length);
  });

  test('eventStats by [TYPE]', async () => {
    const { eventStats } = await ok(`{ eventStats(groupBy: [TYPE]) { country year type count participantCount } }`);
    const expected = tally(
      data.events,
      ['type'],
      (e) => [{ type: e.type }],
      (e) => e.participantCount ?? 0,
    );
    expect(asMap(eventStats, ['type'])).toEqual(new Map([...expected].map(([k, v]) => [k, { country: null, year: null, ...v }])));
  });

  test('eventStats by [THEME]: an event with several themes counts once per theme', async () => {
    const multi = data.events.filter((e) => e.themes.length > 1);
    expect(multi.length).toBeGreaterThan(0);
    const { eventStats } = await ok(`{ eventStats(groupBy: [THEME]) { theme count participantCount } }`);
    const expected = tally(
      data.events,
      ['theme'],
      (e) => (e.themes.length ? e.themes.map((theme) => ({ theme })) : [{ theme: null }]),
      (e) => e.participantCount ?? 0,
    );
    expect(asMap(eventStats, ['theme'])).toEqual(expected);
    expect(eventStats.reduce((n: number, s: Row) => n + s.count, 0)).toBeGreaterThan(data.events.length);
  });

  test('eventStats with a filter, and for another country', async () => {
    const f = { from: '2017-01-01', to: '2018-12-31', types: [EventType.SEMINAR, EventType.MEETING, EventType.TRAINING] };
    const { eventStats } = await ok(`query($f: EventFilter) { eventStats(groupBy: [TYPE], filter: $f) { type count participantCount } }`, { f });
    const kept = data.events.filter((e) => f.types.includes(e.type) && referenceOverlaps(e, f.from, f.to));
    expect(kept.length).toBeGreaterThan(0);
    expect(asMap(eventStats, ['type'])).toEqual(
      tally(
        kept,
        ['type'],
        (e) => [{ type: e.type }],
        (e) => e.participantCount ?? 0,
      ),
    );
    const other = await ok(`{ eventStats(groupBy: [TYPE], filter: { countries: ["MN"] }) { count } }`);
    expect(other.eventStats).toEqual([]);
  });

  test('programmeStats by [STATUS] and [THEME]', async () => {
    const byStatus = await ok(`{ programmeStats(groupBy: [STATUS]) { country status theme count } }`);
    expect(asMap(byStatus.programmeStats, ['status'])).toEqual(
      new Map([...tally(data.programmes, ['status'], (p) => [{ status: p.status }])].map(([k, v]) => [k, { country: null, theme: null, ...v }])),
    );
    const byTheme = await ok(`{ programmeStats(groupBy: [THEME]) { theme count } }`);
    expect(asMap(byTheme.programmeStats, ['theme'])).toEqual(
      tally(data.programmes, ['theme'], (p) => (p.themes.length ? p.themes.map((theme) => ({ theme })) : [{ theme: null }])),
    );
  });

  test('programmeStats by [COUNTRY, STATUS] with a filter', async () => {
    const { programmeStats } = await ok(`{ programmeStats(groupBy: [COUNTRY, STATUS], filter: { recipientCountries: ["TJ"] }) { country status count } }`);
    const kept = data.programmes.filter((p) => p.recipientCountries.includes('TJ'));
    expect(kept.length).toBeGreaterThan(0);
    expect(asMap(programmeStats, ['country', 'status'])).toEqual(tally(kept, ['country', 'status'], (p) => [{ country: CC, status: p.status }]));
  });
});

/**
 * Deterministic synthetic data for one country node, for tests (country node and gateway alike).
 *
 *   const data = generateCountryData('KG', { events: 120, programmes: 30, seed: 7 });
 *   await insertCountryData(node.ds, data);
 *
 * The same (country, options) always gives the same rows. The data is built to stress the read
 * path: many records share a start date or an updatedAt (so the id tie-break matters), some are
 * undated or known only by their end, dates come with DAY, MONTH and YEAR precision, titles are in
 * Mongolian/Kyrgyz/Russian (Cyrillic), Azerbaijani, Vietnamese and English with translations, a few
 * contain the LIKE wildcards `%` and `_` literally, events have organisers and participants, and
 * programmes have codes, themes, statuses and recipient countries (also other countries').
 *
 * Rows are plain objects in the API's shape (ids `<CC>:<KIND>:g-…`); `insertCountryData` writes
 * them through typeorm and data/derive.ts, so search text and covered ranges are what the node
 * itself would store.
 */
import type { DataSource } from 'typeorm';
import {
  ActivityStatus,
  ConstituentGroup,
  DatePrecision,
  EventType,
  OrganisationRole,
  OrganisationType,
  PartnershipBasis,
  TextOrigin,
  Theme,
} from '../../contract/enums.js';
import type { LocalizedText, SourceRef } from '../../contract/localized-text.js';
import { deriveEvent, deriveOrganisation, deriveProgramme } from '../../subgraphs/country/data/derive.js';
import { Event, EventOrganisation } from '../../subgraphs/country/entities/event.entity.js';
import { Organisation } from '../../subgraphs/country/entities/organisation.entity.js';
import { Partnership } from '../../subgraphs/country/entities/partnership.entity.js';
import { Programme } from '../../subgraphs/country/entities/programme.entity.js';

export interface GeneratedContact {
  name: string;
  role: LocalizedText | null;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export interface GeneratedOrganisation {
  id: string;
  country: string;
  name: LocalizedText;
  acronym: string | null;
  type: OrganisationType | null;
  constituentGroup: ConstituentGroup;
  globalRef: string | null;
  sources: SourceRef[];
  updatedAt: Date;
}

export interface GeneratedProgramme {
  id: string;
  country: string;
  code: string | null;
  title: LocalizedText;
  summary: LocalizedText | null;
  status: ActivityStatus;
  startDate: string | null;
  endDate: string | null;
  datePrecision: DatePrecision;
  phase: number | null;
  recipientCountries: string[];
  themes: Theme[];
  objectives: LocalizedText[];
  conventionNumbers: number[];
  contacts: GeneratedContact[];
  links: string[];
  sources: SourceRef[];
  updatedAt: Date;
}

export interface GeneratedEvent {
  id: string;
  country: string;
  title: LocalizedText;
  summary: LocalizedText | null;
  type: EventType;
  startDate: string | null;
  endDate: string | null;
  datePrecision: DatePrecision;
  city: string | null;
  venue: string | null;
  online: boolean;
  programmeId: string | null;
  /** In the order the API returns them. */
  organiserIds: string[];
  participantIds: string[];
  participantCount: number | null;
  presentationCount: number | null;
  themes: Theme[];
  outcomes: LocalizedText[];
  sources: SourceRef[];
  updatedAt: Date;
}

export interface GeneratedPartnership {
  id: string;
  country: string;
  organisationId: string;
  programmeId: string | null;
  role: OrganisationRole | null;
  basis: PartnershipBasis;
  description: LocalizedText | null;
  startDate: string | null;
  endDate: string | null;
  sources: SourceRef[];
  updatedAt: Date;
}

export interface CountryData {
  country: string;
  organisations: GeneratedOrganisation[];
  programmes: GeneratedProgramme[];
  events: GeneratedEvent[];
  partnerships: GeneratedPartnership[];
}

export interface GenerateOptions {
  events: number;
  programmes: number;
  seed: number;
  /** Default 12 (at least 4). */
  organisations?: number;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

const pad = (n: number, width = 4) => String(n).padStart(width, '0');

function text(original: string, lang: string, translations: Array<[string, string]> = []): LocalizedText {
  return { original, originalLang: lang, translations: translations.map(([l, t]) => ({ lang: l, text: t, origin: TextOrigin.HUMAN })) };
}

/** Titles in several languages; each non-English one carries an English translation. */
const TITLES: Array<[string, string, string]> = [
  ['mn', 'Монгол улсын хөдөлмөрийн зах зээлийн семинар', 'Seminar on the labour market of Mongolia'],
  ['mn', 'Нийгмийн хамгааллын сургалт', 'Training on social protection'],
  ['ky', 'Кыргызстандагы эмгек миграциясы боюнча тегерек стол', 'Round table on labour migration in Kyrgyzstan'],
  ['ru', 'Круглый стол по охране труда', 'Round table on occupational safety'],
  ['az', 'Əmək bazarı üzrə seminar', 'Seminar on the labour market'],
  ['az', 'Məşğulluq strategiyası İŞ qrupu', 'Employment strategy working group'],
  ['vi', 'Hội thảo về lao động Việt Nam', 'Workshop on labour in Viet Nam'],
  ['vi', 'Chương trình việc làm bền vững', 'Sustainable employment programme'],
  ['en', 'Tripartite consultation on social dialogue', ''],
  ['en', 'Review of 100% coverage targets', ''],
  ['en', 'Launch of the skills_portal', ''],
  ['en', 'Child labour survey validation', ''],
];

const SUMMARIES: Array<[string, string, string] | null> = [
  null,
  ['en', 'Partners agreed next steps.', ''],
  ['ru', 'Обсуждение национальной политики занятости', 'Discussion of the national employment policy'],
  ['az', 'Azərbaycanda əməyin mühafizəsi', 'Labour protection in Azerbaijan'],
  null,
  ['vi', 'Người lao động và doanh nghiệp', 'Workers and enterprises'],
];

const ORG_NAMES: Array<[string, string, string, string | null, ConstituentGroup, OrganisationType | null, string | null]> = [
  // lang, original, English, acronym, group, type, globalRef
  ['en', 'International Labour Organization', '', 'ILO', ConstituentGroup.NONE, OrganisationType.MULTILATERAL, 'XM-DAC-41302'],
  [
    'mn',
    'Хөдөлмөр, нийгмийн хамгааллын яам',
    'Ministry of Labour and Social Protection',
    'ХНХЯ',
    ConstituentGroup.GOVERNMENT,
    OrganisationType.GOVERNMENT,
    null,
  ],
  [
    'mn',
    'Монголын ажил олгогч эздийн нэгдсэн холбоо',
    "Mongolian Employers' Federation",
    'MONEF',
    ConstituentGroup.EMPLOYERS,
    OrganisationType.PRIVATE_SECTOR,
    null,
  ],
  [
    'ky',
    'Кыргызстан профсоюздар федерациясы',
    'Federation of Trade Unions of Kyrgyzstan',
    'ФПК',
    ConstituentGroup.WORKERS,
    OrganisationType.NATIONAL_NGO,
    null,
  ],
  [
    'az',
    'Azərbaycan Həmkarlar İttifaqları Konfederasiyası',
    'Azerbaijan Trade Unions Confederation',
    'AHİK',
    ConstituentGroup.WORKERS,
    OrganisationType.NATIONAL_NGO,
    null,
  ],
  ['vi', 'Tổng Liên đoàn Lao động Việt Nam', 'Vietnam General Confederation of Labour', 'VGCL', ConstituentGroup.WORKERS, OrganisationType.NATIONAL_NGO, null],
  ['en', 'International Organisation of Employers', '', 'IOE', ConstituentGroup.EMPLOYERS, OrganisationType.INTERNATIONAL_NGO, 'GEN:IOE'],
  ['ru', 'Министерство труда', 'Ministry of Labour', null, ConstituentGroup.GOVERNMENT, OrganisationType.GOVERNMENT, null],
  ['en', 'Swiss Agency for Development and Cooperation', '', 'SDC', ConstituentGroup.NONE, OrganisationType.GOVERNMENT, 'CH-4'],
  ['en', 'National University 100% Research_Centre', '', null, ConstituentGroup.NONE, OrganisationType.ACADEMIC, null],
  ['en', 'City Council', '', null, ConstituentGroup.GOVERNMENT, OrganisationType.LOCAL_GOVERNMENT, null],
  ['en', 'Chamber of Commerce', '', 'CCI', ConstituentGroup.EMPLOYERS, null, null],
];

/** A small pool of dates, so many records share one. */
const DATE_POOL = [
  '2014-01-01',
  '2015-06-15',
  '2016-10-28',
  '2017-01-01',
  '2017-03-29',
  '2017-03-29',
  '2017-12-31',
  '2018-03-02',
  '2018-05-01',
  '2019-11-20',
  '2020-02-29',
  '2021-07-07',
];
const PROGRAMME_CODES = ['SSE-ASIA', 'DWCP', 'OSH-2020', null, null];
const OTHER_COUNTRIES = ['MN', 'KG', 'AZ', 'VN', 'TJ', 'UZ', 'LA'];
const UPDATED_BASE = Date.UTC(2026, 0, 1, 8, 0, 0, 0);

/** Synthetic data for one country. Deterministic in (country, options). */
export function generateCountryData(country: string, options: GenerateOptions): CountryData {
  const cc = country.toUpperCase();
  const rand = prng(options.seed ^ hash(cc));
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const some = <T>(list: readonly T[], max: number): T[] => {
    const n = int(max + 1);
    const pool = [...list];
    const out: T[] = [];
    for (let i = 0; i < n && pool.length; i++) out.push(pool.splice(int(pool.length), 1)[0]);
    return out;
  };
  // Few distinct timestamps (ms precision): many records share an updatedAt.
  const updatedAt = () => new Date(UPDATED_BASE + int(25) * 3_600_000 + (int(3) === 0 ? 123 : 0));
  const source = (i: number): SourceRef[] => [{ document: `synthetic_${cc.toLowerCase()}_${pad(i)}.txt`, excerpt: int(2) ? `excerpt ${i}` : null }];
  const localized = (entry: [string, string, string], suffix: string): LocalizedText =>
    entry[0] === 'en' ? text(`${entry[1]}${suffix}`, 'en') : text(`${entry[1]}${suffix}`, entry[0], [['en', `${entry[2]}${suffix}`]]);

  /** Start/end/precision: ~15% undated, ~5% known only by the end, the rest DAY/MONTH/YEAR. */
  const dating = (): { startDate: string | null; endDate: string | null; datePrecision: DatePrecision } => {
    const r = rand();
    if (r < 0.15) return { startDate: null, endDate: null, datePrecision: DatePrecision.UNKNOWN };
    const base = pick(DATE_POOL);
    if (r < 0.2) return { startDate: null, endDate: `${base.slice(0, 4)}-01-01`, datePrecision: DatePrecision.YEAR };
    if (r < 0.4) {
      const start = `${base.slice(0, 4)}-01-01`;
      const endYear = int(2) ? Number(base.slice(0, 4)) + 1 + int(4) : null;
      return { startDate: start, endDate: endYear ? `${endYear}-01-01` : null, datePrecision: DatePrecision.YEAR };
    }
    if (r < 0.55) return { startDate: `${base.slice(0, 7)}-01`, endDate: null, datePrecision: DatePrecision.MONTH };
    const days = int(3) === 0 ? int(4) : 0;
    const end = days ? new Date(Date.parse(`${base}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10) : null;
    return { startDate: base, endDate: end, datePrecision: DatePrecision.DAY };
  };

  const orgCount = Math.max(4, options.organisations ?? ORG_NAMES.length);
  const organisations: GeneratedOrganisation[] = [];
  for (let i = 0; i < orgCount; i++) {
    const [lang, original, english, acronym, group, type, globalRef] = ORG_NAMES[i % ORG_NAMES.length];
    const round = Math.floor(i / ORG_NAMES.length);
    const suffix = round ? ` ${round + 1}` : '';
    organisations.push({
      id: `${cc}:ORG:g-${pad(i)}`,
      country: cc,
      name: lang === 'en' ? text(original + suffix, 'en') : text(original + suffix, lang, [['en', english + suffix]]),
      acronym,
      type,
      constituentGroup: group,
      globalRef: round ? null : globalRef,
      sources: source(i),
      updatedAt: updatedAt(),
    });
  }

  const statuses = Object.values(ActivityStatus);
  const themes = Object.values(Theme);
  const programmes: GeneratedProgramme[] = [];
  for (let i = 0; i < options.programmes; i++) {
    const recipients = [...new Set([...(int(4) ? [cc] : []), ...some(OTHER_COUNTRIES, 2)])];
    programmes.push({
      id: `${cc}:PRG:g-${pad(i)}`,
      country: cc,
      code: pick(PROGRAMME_CODES),
      title: localized(pick(TITLES), ` P${i}`),
      summary: (() => {
        const s = pick(SUMMARIES);
        return s ? localized(s, '') : null;
      })(),
      status: statuses[i % statuses.length],
      ...dating(),
      phase: int(3) ? null : 1 + int(3),
      recipientCountries: recipients,
      themes: some(themes, 3),
      objectives: int(2) ? [text(`Objective ${i}`, 'en')] : [],
      conventionNumbers: int(2) ? [138, 182].slice(0, 1 + int(2)) : [],
      contacts: int(3) ? [] : [{ name: `Coordinator ${i}`, role: text('National coordinator', 'en'), email: `c${i}@example.org`, phone: null, address: null }],
      links: [],
      sources: source(i),
      updatedAt: updatedAt(),
    });
  }

  const types = Object.values(EventType);
  const events: GeneratedEvent[] = [];
  for (let i = 0; i < options.events; i++) {
    const orgIds = organisations.map((o) => o.id);
    const organisers = some(orgIds, 2);
    const participants = some(
      orgIds.filter((id) => !organisers.includes(id)),
      3,
    );
    const summary = pick(SUMMARIES);
    events.push({
      id: `${cc}:EVT:g-${pad(i)}`,
      country: cc,
      title: localized(pick(TITLES), ` E${i}`),
      summary: summary ? localized(summary, '') : null,
      type: types[int(types.length)],
      ...dating(),
      city: int(2) ? 'Bishkek' : null,
      venue: null,
      online: int(5) === 0,
      programmeId: programmes.length && int(3) ? programmes[int(programmes.length)].id : null,
      organiserIds: organisers,
      participantIds: participants,
      participantCount: int(4) ? 5 + int(60) : null,
      presentationCount: int(2) ? int(6) : null,
      themes: some(themes, 3),
      outcomes: [],
      sources: source(i),
      updatedAt: updatedAt(),
    });
  }

  const roles = [...Object.values(OrganisationRole), null];
  const bases = Object.values(PartnershipBasis);
  const partnerships: GeneratedPartnership[] = [];
  const partnershipCount = Math.max(organisations.length, Math.ceil(programmes.length * 1.5));
  for (let i = 0; i < partnershipCount; i++) {
    const programme = programmes.length && i % 4 !== 3 ? programmes[i % programmes.length] : null;
    partnerships.push({
      id: `${cc}:PSH:g-${pad(i)}`,
      country: cc,
      organisationId: organisations[(i * 7) % organisations.length].id,
      programmeId: programme?.id ?? null,
      role: roles[i % roles.length],
      basis: bases[int(bases.length)],
      description: int(2) ? text(`Partnership ${i}`, 'en') : null,
      startDate: programme?.startDate ?? null,
      endDate: programme?.endDate ?? null,
      sources: source(i),
      updatedAt: updatedAt(),
    });
  }

  return { country: cc, organisations, programmes, events, partnerships };
}

/**
 * Writes generated rows into a migrated country database (typeorm, derived columns via
 * data/derive.ts), in one transaction. Arrays may be partial; order of insert respects the keys.
 */
export async function insertCountryData(ds: DataSource, data: Partial<CountryData> & { country?: string }): Promise<void> {
  await ds.transaction(async (m) => {
    const orgs = (data.organisations ?? []).map((o) =>
      deriveOrganisation(
        Object.assign(new Organisation(), {
          id: o.id,
          countryCode: o.country,
          name: o.name,
          acronym: o.acronym,
          type: o.type,
          constituentGroup: o.constituentGroup,
          globalRef: o.globalRef,
          about: [],
          formerNames: [],
          sources: o.sources,
          updatedAt: o.updatedAt,
          version: 1,
        }),
      ),
    );
    if (orgs.length) await m.getRepository(Organisation).insert(orgs);
    const programmes = (data.programmes ?? []).map((p) =>
      deriveProgramme(
        Object.assign(new Programme(), {
          id: p.id,
          countryCode: p.country,
          code: p.code,
          title: p.title,
          summary: p.summary,
          status: p.status,
          startDate: p.startDate,
          endDate: p.endDate,
          datePrecision: p.datePrecision,
          phase: p.phase,
          recipientCountries: p.recipientCountries,
          themes: p.themes,
          objectives: p.objectives,
          activities: [],
          statusAsOf: null,
          conventionNumbers: p.conventionNumbers,
          contacts: p.contacts,
          links: p.links,
          sources: p.sources,
          updatedAt: p.updatedAt,
          version: 1,
        }),
      ),
    );
    if (programmes.length) await m.getRepository(Programme).insert(programmes);
    const events = (data.events ?? []).map((e) =>
      deriveEvent(
        Object.assign(new Event(), {
          id: e.id,
          countryCode: e.country,
          title: e.title,
          summary: e.summary,
          type: e.type,
          startDate: e.startDate,
          endDate: e.endDate,
          datePrecision: e.datePrecision,
          city: e.city,
          venue: e.venue,
          online: e.online,
          programmeId: e.programmeId,
          participantCount: e.participantCount,
          presentationCount: e.presentationCount,
          themes: e.themes,
          outcomes: e.outcomes,
          sources: e.sources,
          updatedAt: e.updatedAt,
          version: 1,
        }),
      ),
    );
    // Chunked: one INSERT per 200 rows keeps the parameter count far below PostgreSQL's limit.
    for (let i = 0; i < events.length; i += 200) await m.getRepository(Event).insert(events.slice(i, i + 200));
    const links: EventOrganisation[] = [];
    for (const e of data.events ?? []) {
      e.organiserIds.forEach((organisationId, position) => links.push({ eventId: e.id, role: 'ORGANISER', organisationId, position }));
      e.participantIds.forEach((organisationId, position) => links.push({ eventId: e.id, role: 'PARTICIPANT', organisationId, position }));
    }
    for (let i = 0; i < links.length; i += 500) await m.getRepository(EventOrganisation).insert(links.slice(i, i + 500));
    const partnerships = (data.partnerships ?? []).map((p) =>
      Object.assign(new Partnership(), {
        id: p.id,
        countryCode: p.country,
        organisationId: p.organisationId,
        programmeId: p.programmeId,
        role: p.role,
        basis: p.basis,
        description: p.description,
        startDate: p.startDate,
        endDate: p.endDate,
        sources: p.sources,
        updatedAt: p.updatedAt,
        version: 1,
      }),
    );
    if (partnerships.length) await m.getRepository(Partnership).insert(partnerships);
  });
}

/** Every language's wording of a text (original first), as a client would search it. */
export function allWordings(t: LocalizedText | null | undefined): string[] {
  return t ? [t.original, ...t.translations.map((tr) => tr.text)] : [];
}

// ---------------------------------------------------------------------------------------------
// Reference semantics of the contract, written independently of the node's SQL, so tests can
// compute the expected answer from generated rows (one node, or several merged like the gateway).
// ---------------------------------------------------------------------------------------------

export type ReferenceOrder = 'START_DATE_DESC' | 'START_DATE_ASC' | 'UPDATED_AT_DESC' | 'ID_ASC';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Sort key first (undated last in every order), then id ascending. Returns a new array. */
export function referenceSort<T extends { id: string; startDate?: string | null; updatedAt: Date }>(rows: readonly T[], order: ReferenceOrder): T[] {
  return [...rows].sort((a, b) => {
    if (order === 'UPDATED_AT_DESC') {
      const d = b.updatedAt.getTime() - a.updatedAt.getTime();
      return d || byId(a, b);
    }
    if (order === 'START_DATE_DESC' || order === 'START_DATE_ASC') {
      const x = a.startDate ?? null;
      const y = b.startDate ?? null;
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * (order === 'START_DATE_ASC' ? 1 : -1);
      }
    }
    return byId(a, b);
  });
}

function lastDayOf(date: string, precision: DatePrecision): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (precision === DatePrecision.YEAR) return `${date.slice(0, 4)}-12-31`;
  if (precision === DatePrecision.MONTH) return `${date.slice(0, 7)}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  return date;
}

/** The days a record covers: YEAR/MONTH precision covers the whole period; undated covers nothing (null). */
export function referenceCoverage(r: { startDate: string | null; endDate: string | null; datePrecision: DatePrecision }): { from: string; to: string } | null {
  if (!r.startDate && !r.endDate) return null;
  const first = r.startDate
    ? r.datePrecision === DatePrecision.YEAR
      ? `${r.startDate.slice(0, 4)}-01-01`
      : r.datePrecision === DatePrecision.MONTH
        ? `${r.startDate.slice(0, 7)}-01`
        : r.startDate
    : '0000-01-01';
  return { from: first, to: lastDayOf(r.endDate ?? r.startDate!, r.datePrecision) };
}

/** Overlap of a record's coverage with [from, to] (either bound optional). */
export function referenceOverlaps(
  r: { startDate: string | null; endDate: string | null; datePrecision: DatePrecision },
  from?: string | null,
  to?: string | null,
): boolean {
  if (!from && !to) return true;
  const c = referenceCoverage(r);
  if (!c) return false;
  return (!from || c.to >= from) && (!to || c.from <= to);
}

/** Case-insensitive substring of any wording (original or translation) of any of the texts. */
export function referenceTextMatch(texts: Array<LocalizedText | null | undefined | string>, query: string): boolean {
  const q = query.toLowerCase();
  return texts.some((t) => (typeof t === 'string' ? [t] : allWordings(t)).some((w) => w.toLowerCase().includes(q)));
}

/**
 * Bulk synthetic data for the benchmark: up to hundreds of thousands of events per country.
 *
 * tests/support/generate.ts builds every row in memory with one random stream, so row i depends
 * on every row before it. Here each row draws from its own stream seeded by (country, index):
 * rows can be generated in batches, and a node can be grown from 1 000 to 100 000 rows (or shrunk
 * back) without regenerating what it holds. Derived columns (search text, covered range) come
 * from the node's own data/derive.ts, so the rows are exactly what the node would store.
 *
 * Ids are `<CC>:EVT:b-000123` (fixed width), so `id >= 'CC:EVT:b-001000'` selects rows ≥ 1000.
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ActivityStatus, ConstituentGroup, DatePrecision, EventType, OrganisationType, TextOrigin, Theme } from '../contract/enums.js';
import type { LocalizedText } from '../contract/localized-text.js';
import { deriveEvent, deriveOrganisation, deriveProgramme } from '../subgraphs/country/data/derive.js';
import { Event, EventOrganisation } from '../subgraphs/country/entities/event.entity.js';
import { Organisation } from '../subgraphs/country/entities/organisation.entity.js';
import { Programme } from '../subgraphs/country/entities/programme.entity.js';

const ORGANISATIONS = 12;
const PROGRAMMES = 100;
const BATCH = 1000;
const UPDATED_BASE = Date.UTC(2026, 0, 1, 8, 0, 0, 0);

export const eventId = (cc: string, i: number) => `${cc}:EVT:b-${String(i).padStart(6, '0')}`;
const orgId = (cc: string, i: number) => `${cc}:ORG:b-${String(i).padStart(3, '0')}`;
const programmeId = (cc: string, i: number) => `${cc}:PRG:b-${String(i).padStart(4, '0')}`;

/** mulberry32 seeded per row, so any row can be built on its own. */
function rowRandom(cc: string, kind: number, i: number) {
  let a = (Math.imul(cc.charCodeAt(0) * 31 + cc.charCodeAt(1), 2654435761) ^ Math.imul(kind + 1, 40503) ^ Math.imul(i + 1, 97)) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(list: readonly T[]): T => list[int(list.length)] };
}

const TITLES: Array<[string, string, string]> = [
  ['mn', 'Хөдөлмөрийн зах зээлийн семинар', 'Seminar on the labour market'],
  ['ky', 'Эмгек миграциясы боюнча тегерек стол', 'Round table on labour migration'],
  ['ru', 'Круглый стол по охране труда', 'Round table on occupational safety'],
  ['az', 'Əmək bazarı üzrə seminar', 'Seminar on the labour market'],
  ['vi', 'Hội thảo về lao động', 'Workshop on labour'],
  ['en', 'Tripartite consultation on social dialogue', ''],
  ['en', 'Child labour survey validation', ''],
];

function text(entry: [string, string, string], suffix: string): LocalizedText {
  const [lang, original, english] = entry;
  const translations = lang === 'en' ? [] : [{ lang: 'en', text: `${english}${suffix}`, origin: TextOrigin.HUMAN }];
  return { original: `${original}${suffix}`, originalLang: lang, translations };
}

/** ~10% undated; otherwise a day in 2010–2025 with DAY, MONTH or YEAR precision. */
function dating(r: ReturnType<typeof rowRandom>) {
  if (r.next() < 0.1) return { startDate: null, endDate: null, datePrecision: DatePrecision.UNKNOWN };
  const y = 2010 + r.int(16);
  const m = String(1 + r.int(12)).padStart(2, '0');
  const d = String(1 + r.int(28)).padStart(2, '0');
  const p = r.int(10);
  if (p < 2) return { startDate: `${y}-01-01`, endDate: null, datePrecision: DatePrecision.YEAR };
  if (p < 4) return { startDate: `${y}-${m}-01`, endDate: null, datePrecision: DatePrecision.MONTH };
  return {
    startDate: `${y}-${m}-${d}`,
    endDate: r.int(3) ? null : `${y}-${m}-${String(Math.min(28, Number(d) + 1 + r.int(3))).padStart(2, '0')}`,
    datePrecision: DatePrecision.DAY,
  };
}

const THEMES = Object.values(Theme);
const TYPES = Object.values(EventType);
const STATUSES = Object.values(ActivityStatus);
const GROUPS = Object.values(ConstituentGroup);

function organisations(cc: string): Organisation[] {
  return Array.from({ length: ORGANISATIONS }, (_, i) =>
    deriveOrganisation(
      Object.assign(new Organisation(), {
        id: orgId(cc, i),
        countryCode: cc,
        name: text(TITLES[i % TITLES.length], ` org ${i}`),
        acronym: `O${i}`,
        type: OrganisationType.GOVERNMENT,
        constituentGroup: GROUPS[i % GROUPS.length],
        globalRef: i === 0 ? 'XM-DAC-41302' : null,
        about: [],
        formerNames: [],
        sources: [],
        updatedAt: new Date(UPDATED_BASE),
        version: 1,
      }),
    ),
  );
}

function programmes(cc: string): Programme[] {
  return Array.from({ length: PROGRAMMES }, (_, i) => {
    const r = rowRandom(cc, 1, i);
    return deriveProgramme(
      Object.assign(new Programme(), {
        id: programmeId(cc, i),
        countryCode: cc,
        code: r.int(2) ? 'DWCP' : null,
        title: text(r.pick(TITLES), ` P${i}`),
        summary: null,
        status: STATUSES[i % STATUSES.length],
        ...dating(r),
        phase: null,
        recipientCountries: [cc],
        themes: [r.pick(THEMES)],
        statusAsOf: null,
        objectives: [],
        activities: [],
        conventionNumbers: [],
        contacts: [],
        links: [],
        sources: [],
        updatedAt: new Date(UPDATED_BASE + r.int(1000) * 60_000),
        version: 1,
      }),
    );
  });
}

function eventRow(cc: string, i: number): { event: Event; links: EventOrganisation[] } {
  const r = rowRandom(cc, 2, i);
  const event = deriveEvent(
    Object.assign(new Event(), {
      id: eventId(cc, i),
      countryCode: cc,
      title: text(r.pick(TITLES), ` E${i}`),
      summary: null,
      type: r.pick(TYPES),
      ...dating(r),
      city: r.int(2) ? 'Bishkek' : null,
      venue: null,
      online: r.int(5) === 0,
      programmeId: r.int(3) ? programmeId(cc, r.int(PROGRAMMES)) : null,
      participantCount: r.int(4) ? 5 + r.int(60) : null,
      presentationCount: null,
      themes: r.int(3) ? [r.pick(THEMES)] : [],
      outcomes: [],
      sources: [],
      updatedAt: new Date(UPDATED_BASE + r.int(100_000) * 60_000),
      version: 1,
    }),
  );
  // 1 organiser and 0–2 participants, distinct organisations.
  const first = r.int(ORGANISATIONS);
  const links: EventOrganisation[] = [{ eventId: event.id, role: 'ORGANISER', organisationId: orgId(cc, first), position: 0 }];
  const participants = r.int(3);
  for (let p = 0; p < participants; p++) {
    links.push({ eventId: event.id, role: 'PARTICIPANT', organisationId: orgId(cc, (first + 1 + p) % ORGANISATIONS), position: p });
  }
  return { event, links };
}

/** A PostgreSQL array literal, quoted so any text survives. */
const arrayLiteral = (values: unknown[]) => `{${values.map((v) => `"${String(v).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;

/**
 * Multi-row INSERT … SELECT FROM unnest(one array parameter per column): one statement per
 * batch with a handful of parameters. typeorm's insert().values() binds one parameter per cell
 * and spends more time building the statement than PostgreSQL spends running it. Columns and
 * their database names come from the entity metadata, so this stays in step with the entities.
 */
async function bulkInsert(m: EntityManager, entity: EntityTarget<ObjectLiteral>, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const metadata = m.dataSource.getMetadata(entity);
  const columns = metadata.columns;
  const names = columns.map((c) => `"${c.databaseName}"`);
  const params = columns.map((c) =>
    rows.map((row) => {
      const v = c.getEntityValue(row);
      if (v === null || v === undefined) return null;
      if (c.isArray) return arrayLiteral(v as unknown[]);
      if (c.type === 'jsonb') return JSON.stringify(v);
      return v instanceof Date ? v.toISOString() : v;
    }),
  );
  const baseType = (t: string) => (t === 'char' ? 'text' : t);
  // Arrays travel as text literals (unnest would flatten a 2-D array) and are cast back per row.
  const unnest = columns.map((c, i) => `$${i + 1}::${c.isArray ? 'text' : baseType(String(c.type))}[]`);
  const select = columns.map((c, i) => (c.isArray ? `${names[i]}::${baseType(String(c.type))}[]` : names[i]));
  await m.query(
    `INSERT INTO "${metadata.tableName}" (${names.join(', ')}) SELECT ${select.join(', ')} FROM unnest(${unnest.join(', ')}) AS t(${names.join(', ')})`,
    params,
  );
}

/** Events of `cc` numbered [from, to), in batches of 1 000. */
async function insertEvents(ds: DataSource, cc: string, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, to - start) }, (_, k) => eventRow(cc, start + k));
    await ds.transaction(async (m) => {
      await bulkInsert(
        m,
        Event,
        rows.map((r) => r.event),
      );
      await bulkInsert(
        m,
        EventOrganisation,
        rows.flatMap((r) => r.links),
      );
    });
  }
}

/** Secondary indexes on the bulk-loaded tables; building them once after the load is much faster than row by row. */
async function withIndexesDropped(ds: DataSource, rows: number, load: () => Promise<void>): Promise<void> {
  if (rows < 20_000) return load();
  const indexes: Array<{ indexname: string; indexdef: string }> = await ds.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('event', 'event_organisation') AND indexname NOT LIKE '%pkey'`,
  );
  for (const i of indexes) await ds.query(`DROP INDEX "${i.indexname}"`);
  try {
    await load();
  } finally {
    for (const i of indexes) await ds.query(i.indexdef);
  }
}

/** Number of events a database holds per country (bench-generated ids only). */
export async function eventCount(ds: DataSource, cc: string): Promise<number> {
  const [{ n }] = await ds.query(`SELECT COUNT(*)::int AS n FROM event WHERE id LIKE $1`, [`${cc}:EVT:b-%`]);
  return n;
}

/**
 * Makes `ds` hold exactly `rows` events for each of `countries` (plus their organisations and
 * programmes): inserts what is missing, deletes what is beyond. Idempotent.
 */
export async function ensureRows(ds: DataSource, countries: string[], rows: number): Promise<void> {
  for (const cc of countries) {
    const [{ n }] = await ds.query(`SELECT COUNT(*)::int AS n FROM organisation WHERE country = $1`, [cc]);
    if (n === 0) {
      await bulkInsert(ds.manager, Organisation, organisations(cc));
      await bulkInsert(ds.manager, Programme, programmes(cc));
    }
  }
  const have = await Promise.all(countries.map((cc) => eventCount(ds, cc)));
  const missing = countries.reduce((sum, _cc, k) => sum + Math.max(0, rows - have[k]), 0);
  await withIndexesDropped(ds, missing, async () => {
    for (const [k, cc] of countries.entries()) {
      if (have[k] < rows) await insertEvents(ds, cc, have[k], rows);
      // Fixed-width ids: one range delete (event_organisation rows cascade).
      if (have[k] > rows) await ds.query(`DELETE FROM event WHERE id >= $1 AND id LIKE $2`, [eventId(cc, rows), `${cc}:EVT:b-%`]);
    }
  });
  await ds.query('ANALYZE');
}

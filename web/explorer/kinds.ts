/**
 * The five record lists the explorer browses, as data: which root field answers each, which
 * filters and orders the API offers for it, the fields a list row and a CSV row need, and the
 * CSV columns. Pure (no DOM), so the page, the export worker and the Node tests share it.
 */

import type { EnumName } from './enums';

// The API's enum values (enums.ts), re-exported: the explorer's modules read them with the kinds.
export * from './enums';

export const KINDS = ['events', 'programmes', 'organisations', 'people', 'partnerships'] as const;
export type Kind = (typeof KINDS)[number];

/** A filter the explorer offers: its URL parameter, the API's filter field and what it holds. */
export type FilterSpec =
  | { param: string; field: string; type: 'text' | 'id' }
  | { param: string; field: string; type: 'date' }
  /** A date-time field the page asks for by day (midnight UTC), as a BI user thinks of "updated since". */
  | { param: string; field: string; type: 'since' }
  | { param: string; field: string; type: 'countries' }
  | { param: string; field: string; type: 'enum'; values: EnumName };

const text = (field = 'text'): FilterSpec => ({ param: 'q', field, type: 'text' });
const countries: FilterSpec = { param: 'country', field: 'countries', type: 'countries' };
const since: FilterSpec = { param: 'since', field: 'updatedSince', type: 'since' };

export interface CsvColumn {
  header: string;
  value: (row: any) => string | number | boolean | null | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface KindSpec {
  kind: Kind;
  /** Root list field, by-id field and the id's type segment (`KG:EVT:…`). */
  list: string;
  one: string;
  idSegment: string;
  filterType: string;
  /** The order enum when the API sorts this list; otherwise it is ordered by id. */
  orderType?: 'EventOrder' | 'ProgrammeOrder';
  filters: FilterSpec[];
  /** Fields of a row in the on-screen list (`$lang` is the reader's language). */
  rowFields: string;
  /** Fields of a row in the CSV export and its columns, in order. */
  csvFields: string;
  csv: CsvColumn[];
}

const TEXT = (lang: boolean) => `${lang ? 'text(lang: $lang) ' : ''}en: text(lang: "en") original originalLang`;
const list = (values: readonly string[] | undefined) => (values ?? []).join(' ');
const code = (row: { country?: { code: string } | null; id: string }) => row.country?.code ?? row.id.slice(0, 2);

/** Columns every kind's CSV starts and ends with. */
const idColumns: CsvColumn[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'country', value: code },
];
const titleColumns = (field: string, prefix: string): CsvColumn[] => [
  { header: `${prefix}_en`, value: (r) => r[field]?.en },
  { header: `${prefix}_original`, value: (r) => r[field]?.original },
  { header: `${prefix}_original_lang`, value: (r) => r[field]?.originalLang },
];
const updatedColumns: CsvColumn[] = [
  { header: 'updated_at', value: (r) => r.updatedAt },
  { header: 'version', value: (r) => r.version },
];

export const SPECS: Record<Kind, KindSpec> = {
  events: {
    kind: 'events',
    list: 'events',
    one: 'event',
    idSegment: 'EVT',
    filterType: 'EventFilter',
    orderType: 'EventOrder',
    filters: [
      text(),
      countries,
      { param: 'type', field: 'types', type: 'enum', values: 'EventType' },
      { param: 'theme', field: 'themes', type: 'enum', values: 'Theme' },
      { param: 'from', field: 'from', type: 'date' },
      { param: 'to', field: 'to', type: 'date' },
      since,
      { param: 'programme', field: 'programmeId', type: 'id' },
      { param: 'partner', field: 'organisationGlobalRef', type: 'id' },
    ],
    rowFields: `id country { code } type startDate endDate datePrecision city online title { ${TEXT(true)} }`,
    csvFields: `id version updatedAt country { code } type startDate endDate datePrecision city venue online participantCount
      themes programme { id code } title { ${TEXT(false)} }`,
    csv: [
      ...idColumns,
      { header: 'type', value: (r) => r.type },
      { header: 'start_date', value: (r) => r.startDate },
      { header: 'end_date', value: (r) => r.endDate },
      { header: 'date_precision', value: (r) => r.datePrecision },
      ...titleColumns('title', 'title'),
      { header: 'city', value: (r) => r.city },
      { header: 'venue', value: (r) => r.venue },
      { header: 'online', value: (r) => r.online },
      { header: 'participant_count', value: (r) => r.participantCount },
      { header: 'themes', value: (r) => list(r.themes) },
      { header: 'programme_id', value: (r) => r.programme?.id },
      { header: 'programme_code', value: (r) => r.programme?.code },
      ...updatedColumns,
    ],
  },
  programmes: {
    kind: 'programmes',
    list: 'programmes',
    one: 'programme',
    idSegment: 'PRG',
    filterType: 'ProgrammeFilter',
    orderType: 'ProgrammeOrder',
    filters: [
      text(),
      countries,
      { param: 'status', field: 'status', type: 'enum', values: 'ActivityStatus' },
      { param: 'theme', field: 'themes', type: 'enum', values: 'Theme' },
      { param: 'on', field: 'activeOn', type: 'date' },
      since,
      { param: 'code', field: 'code', type: 'id' },
    ],
    rowFields: `id code country { code } status startDate endDate datePrecision title { ${TEXT(true)} }`,
    csvFields: `id version updatedAt code country { code } status statusAsOf startDate endDate datePrecision phase recipientCountries themes
      title { ${TEXT(false)} }`,
    csv: [
      ...idColumns,
      { header: 'code', value: (r) => r.code },
      { header: 'status', value: (r) => r.status },
      { header: 'status_as_of', value: (r) => r.statusAsOf },
      { header: 'start_date', value: (r) => r.startDate },
      { header: 'end_date', value: (r) => r.endDate },
      { header: 'date_precision', value: (r) => r.datePrecision },
      ...titleColumns('title', 'title'),
      { header: 'phase', value: (r) => r.phase },
      { header: 'recipient_countries', value: (r) => list(r.recipientCountries) },
      { header: 'themes', value: (r) => list(r.themes) },
      ...updatedColumns,
    ],
  },
  organisations: {
    kind: 'organisations',
    list: 'organisations',
    one: 'organisation',
    idSegment: 'ORG',
    filterType: 'OrganisationFilter',
    filters: [
      text(),
      countries,
      { param: 'type', field: 'types', type: 'enum', values: 'OrganisationType' },
      { param: 'group', field: 'constituentGroups', type: 'enum', values: 'ConstituentGroup' },
      { param: 'ref', field: 'globalRef', type: 'id' },
      since,
    ],
    rowFields: `id country { code } acronym type constituentGroup globalRef name { ${TEXT(true)} }`,
    csvFields: `id version updatedAt country { code } acronym type constituentGroup globalRef name { ${TEXT(false)} }`,
    csv: [
      ...idColumns,
      ...titleColumns('name', 'name'),
      { header: 'acronym', value: (r) => r.acronym },
      { header: 'type', value: (r) => r.type },
      { header: 'constituent_group', value: (r) => r.constituentGroup },
      { header: 'global_ref', value: (r) => r.globalRef },
      ...updatedColumns,
    ],
  },
  people: {
    kind: 'people',
    list: 'people',
    one: 'person',
    idSegment: 'PER',
    filterType: 'PersonFilter',
    filters: [
      text(),
      countries,
      { param: 'ref', field: 'globalRef', type: 'id' },
      { param: 'organisation', field: 'organisationId', type: 'id' },
      { param: 'event', field: 'eventId', type: 'id' },
      { param: 'programme', field: 'programmeId', type: 'id' },
      since,
    ],
    rowFields: `id country { code } globalRef name { ${TEXT(true)} } roles { kind asOf title { ${TEXT(true)} } }`,
    csvFields: `id version updatedAt country { code } globalRef email phone name { ${TEXT(false)} }`,
    csv: [
      ...idColumns,
      ...titleColumns('name', 'name'),
      { header: 'global_ref', value: (r) => r.globalRef },
      { header: 'email', value: (r) => r.email },
      { header: 'phone', value: (r) => r.phone },
      ...updatedColumns,
    ],
  },
  partnerships: {
    kind: 'partnerships',
    list: 'partnerships',
    one: 'partnership',
    idSegment: 'PSH',
    filterType: 'PartnershipFilter',
    filters: [
      countries,
      { param: 'role', field: 'roles', type: 'enum', values: 'OrganisationRole' },
      { param: 'group', field: 'constituentGroups', type: 'enum', values: 'ConstituentGroup' },
      { param: 'partner', field: 'organisationGlobalRef', type: 'id' },
      { param: 'programme', field: 'programmeId', type: 'id' },
      since,
    ],
    rowFields: `id country { code } role basis startDate endDate organisation { id name { ${TEXT(true)} } } programme { id code title { ${TEXT(true)} } }`,
    csvFields: `id version updatedAt country { code } role basis startDate endDate
      organisation { id globalRef name { ${TEXT(false)} } } programme { id code }`,
    csv: [
      ...idColumns,
      { header: 'organisation_id', value: (r) => r.organisation?.id },
      { header: 'organisation_global_ref', value: (r) => r.organisation?.globalRef },
      { header: 'organisation_name_en', value: (r) => r.organisation?.name?.en },
      { header: 'organisation_name_original', value: (r) => r.organisation?.name?.original },
      { header: 'programme_id', value: (r) => r.programme?.id },
      { header: 'programme_code', value: (r) => r.programme?.code },
      { header: 'role', value: (r) => r.role },
      { header: 'basis', value: (r) => r.basis },
      { header: 'start_date', value: (r) => r.startDate },
      { header: 'end_date', value: (r) => r.endDate },
      ...updatedColumns,
    ],
  },
};

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

/** The kind a record id names (`KG:EVT:…` → events), or null for anything else. */
export function kindOfId(id: string): Kind | null {
  const m = /^[A-Z]{2}:([A-Z]{3}):./.exec(id);
  return (m && KINDS.find((k) => SPECS[k].idSegment === m[1])) ?? null;
}

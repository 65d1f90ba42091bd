import { ENUMS, type EnumName } from '../explorer/enums';

/**
 * The five record types an office edits, as data: the API's names for each, its list's filters
 * and orders, and its form's fields. Pure (no DOM), so the unit tests import it. The enum values
 * come from web/explorer/enums.ts, fixed at build time and checked against the served schema by
 * its test: production answers no introspection, so the page never asks the schema for them.
 */

export const EDIT_KINDS = ['events', 'organisations', 'people', 'programmes', 'partnerships'] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

/** Which records a reference field picks from (always the office's own). */
export type RefKind = 'organisations' | 'programmes' | 'events';

export type FieldSpec =
  | { name: string; type: 'text'; limit: 'short' | 'email' | 'title'; required?: boolean; check?: 'email' }
  | { name: string; type: 'int' }
  | { name: string; type: 'bool' }
  | { name: string; type: 'date'; pairedWith?: string; role?: 'start' | 'end' }
  | { name: string; type: 'enum'; values: EnumName; required?: boolean }
  | { name: string; type: 'enumList'; values: EnumName }
  | { name: string; type: 'ref'; ref: RefKind; required?: boolean; createOnly?: boolean }
  | { name: string; type: 'refList'; ref: RefKind }
  | { name: string; type: 'localized'; required?: boolean; multiline?: boolean }
  | { name: string; type: 'localizedList' }
  | { name: string; type: 'sources' }
  | { name: string; type: 'roles' };

export type FieldType = FieldSpec['type'];

export interface EditSpec {
  kind: EditKind;
  /** Root list field, by-id field, filter input type and the mutations' noun (`createEvent`). */
  list: string;
  one: string;
  filterType: string;
  noun: string;
  /** The ChangeEntity for deletedRecords. */
  entity: 'EVENT' | 'ORGANISATION' | 'PERSON' | 'PROGRAMME' | 'PARTNERSHIP';
  /** The field naming a record in lists and confirmations. */
  label: 'title' | 'name' | 'description';
  /** The list's order enum when the API sorts it (else by id); the API's cross-language `text` search when it has one. */
  orders?: readonly string[];
  orderType?: EnumName;
  search: boolean;
  /** List filters: enum ones go in `<field>: [value]`, dates as they are. */
  filters: Array<{ field: string; type: 'enum'; values: EnumName } | { field: string; type: 'date' }>;
  /** What a list row shows besides the label. */
  rowFields: string;
  fields: FieldSpec[];
}

export const enumValues = (name: EnumName): readonly string[] => ENUMS[name];

const LT = 'original originalLang translations { lang text origin }';
const SOURCES = 'sources { document excerpt note }';
const dates = (): FieldSpec[] => [
  { name: 'startDate', type: 'date', pairedWith: 'endDate', role: 'start' },
  { name: 'endDate', type: 'date', pairedWith: 'startDate', role: 'end' },
];

export const EDIT_SPECS: Record<EditKind, EditSpec> = {
  events: {
    kind: 'events',
    list: 'events',
    one: 'event',
    filterType: 'EventFilter',
    noun: 'Event',
    entity: 'EVENT',
    label: 'title',
    orders: ENUMS.EventOrder,
    orderType: 'EventOrder',
    search: true,
    filters: [
      { field: 'types', type: 'enum', values: 'EventType' },
      { field: 'themes', type: 'enum', values: 'Theme' },
      { field: 'from', type: 'date' },
      { field: 'to', type: 'date' },
    ],
    rowFields: 'type startDate',
    fields: [
      { name: 'title', type: 'localized', required: true },
      { name: 'summary', type: 'localized', multiline: true },
      { name: 'type', type: 'enum', values: 'EventType', required: true },
      { name: 'datePrecision', type: 'enum', values: 'DatePrecision', required: true },
      ...dates(),
      { name: 'city', type: 'text', limit: 'short' },
      { name: 'venue', type: 'text', limit: 'short' },
      { name: 'online', type: 'bool' },
      { name: 'participantCount', type: 'int' },
      { name: 'presentationCount', type: 'int' },
      { name: 'programmeId', type: 'ref', ref: 'programmes' },
      { name: 'organiserIds', type: 'refList', ref: 'organisations' },
      { name: 'participantIds', type: 'refList', ref: 'organisations' },
      { name: 'supporterIds', type: 'refList', ref: 'organisations' },
      { name: 'themes', type: 'enumList', values: 'Theme' },
      { name: 'sources', type: 'sources' },
    ],
  },
  organisations: {
    kind: 'organisations',
    list: 'organisations',
    one: 'organisation',
    filterType: 'OrganisationFilter',
    noun: 'Organisation',
    entity: 'ORGANISATION',
    label: 'name',
    search: true,
    filters: [
      { field: 'types', type: 'enum', values: 'OrganisationType' },
      { field: 'constituentGroups', type: 'enum', values: 'ConstituentGroup' },
    ],
    rowFields: 'acronym type',
    fields: [
      { name: 'name', type: 'localized', required: true },
      { name: 'acronym', type: 'text', limit: 'short' },
      { name: 'type', type: 'enum', values: 'OrganisationType' },
      { name: 'constituentGroup', type: 'enum', values: 'ConstituentGroup', required: true },
      { name: 'globalRef', type: 'text', limit: 'short' },
      { name: 'parentId', type: 'ref', ref: 'organisations' },
      { name: 'sources', type: 'sources' },
    ],
  },
  people: {
    kind: 'people',
    list: 'people',
    one: 'person',
    filterType: 'PersonFilter',
    noun: 'Person',
    entity: 'PERSON',
    label: 'name',
    search: true,
    filters: [],
    rowFields: 'email',
    fields: [
      { name: 'name', type: 'localized', required: true },
      { name: 'nameVariants', type: 'localizedList' },
      { name: 'email', type: 'text', limit: 'email', check: 'email' },
      { name: 'phone', type: 'text', limit: 'short' },
      { name: 'globalRef', type: 'text', limit: 'short' },
      { name: 'roles', type: 'roles' },
      { name: 'sources', type: 'sources' },
    ],
  },
  programmes: {
    kind: 'programmes',
    list: 'programmes',
    one: 'programme',
    filterType: 'ProgrammeFilter',
    noun: 'Programme',
    entity: 'PROGRAMME',
    label: 'title',
    orders: ENUMS.ProgrammeOrder,
    orderType: 'ProgrammeOrder',
    search: true,
    filters: [
      { field: 'status', type: 'enum', values: 'ActivityStatus' },
      { field: 'themes', type: 'enum', values: 'Theme' },
      { field: 'activeOn', type: 'date' },
    ],
    rowFields: 'code status startDate',
    fields: [
      { name: 'title', type: 'localized', required: true },
      { name: 'code', type: 'text', limit: 'short' },
      { name: 'summary', type: 'localized', multiline: true },
      { name: 'status', type: 'enum', values: 'ActivityStatus', required: true },
      { name: 'statusAsOf', type: 'date' },
      { name: 'datePrecision', type: 'enum', values: 'DatePrecision', required: true },
      ...dates(),
      { name: 'phase', type: 'int' },
      { name: 'themes', type: 'enumList', values: 'Theme' },
      { name: 'objectives', type: 'localizedList' },
      { name: 'sources', type: 'sources' },
    ],
  },
  partnerships: {
    kind: 'partnerships',
    list: 'partnerships',
    one: 'partnership',
    filterType: 'PartnershipFilter',
    noun: 'Partnership',
    entity: 'PARTNERSHIP',
    label: 'description',
    search: false,
    filters: [
      { field: 'roles', type: 'enum', values: 'OrganisationRole' },
      { field: 'constituentGroups', type: 'enum', values: 'ConstituentGroup' },
    ],
    rowFields: 'role basis organisation { id name { text(lang: "en") } }',
    fields: [
      { name: 'organisationId', type: 'ref', ref: 'organisations', required: true, createOnly: true },
      { name: 'programmeId', type: 'ref', ref: 'programmes' },
      { name: 'role', type: 'enum', values: 'OrganisationRole' },
      { name: 'basis', type: 'enum', values: 'PartnershipBasis', required: true },
      { name: 'description', type: 'localized', multiline: true },
      ...dates(),
      { name: 'sources', type: 'sources' },
    ],
  },
};

/** The GraphQL selection reading one field of a record in the shape its input takes back. */
export function selectionOf(field: FieldSpec): string {
  switch (field.type) {
    case 'localized':
    case 'localizedList':
      return `${field.name} { ${LT} }`;
    case 'sources':
      return SOURCES;
    case 'ref':
      return `${field.name.replace(/Id$/, '')} { id }`;
    case 'refList':
      return `${field.name.replace(/Ids$/, 's')} { id }`;
    case 'roles':
      return `roles { kind asOf title { ${LT} } organisation { id } event { id } programme { id } }`;
    default:
      return field.name;
  }
}

/** Every field a form needs of a record of `spec`, with id, version and its label. */
export function recordSelection(spec: EditSpec): string {
  const fields = spec.fields.map(selectionOf);
  if (!spec.fields.some((f) => f.name === spec.label)) fields.push(`${spec.label} { ${LT} }`);
  return `id version updatedAt ${fields.join(' ')}`;
}

/** Patches never carry a field fixed at creation (a partnership's organisation). */
export function inPatch(field: FieldSpec): boolean {
  return !(field.type === 'ref' && field.createOnly);
}

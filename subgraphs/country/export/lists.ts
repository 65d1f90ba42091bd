import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ExportedList } from '../../../contract/export/params.js';
import { Event } from '../entities/event.entity.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Partnership } from '../entities/partnership.entity.js';
import { Person } from '../entities/person.entity.js';
import { Programme } from '../entities/programme.entity.js';
import { applyEventFilter, applyOrganisationFilter, applyPartnershipFilter, applyPersonFilter, applyProgrammeFilter } from '../data/filters.js';

/**
 * The lists this node streams whole (`/export/<path>.ndjson`), each declared once here: the
 * list field's `@shardExport` (sharding.ts) reads `path` and `fields` from this table, and the
 * node's export route (route.ts) reads the rest, so what the SDL promises and what the node
 * streams cannot drift apart. Each list is the GraphQL field's own query: the same entity, alias
 * and filter the resolver pages with (data/*.ts), in the same keyset order (data/page.ts).
 */
export interface NodeExportList<T extends ObjectLiteral = ObjectLiteral> extends ExportedList {
  /** The row type's fields each row holds, in order (see `ShardDirective.export`). */
  fields: readonly string[];
  entity: new () => T;
  alias: string;
  filter: (qb: SelectQueryBuilder<T>, filter: never) => SelectQueryBuilder<T>;
  /** Fields that are no column of the entity: their SQL (a JSON value), written against `alias`. */
  computed?: Record<string, string>;
}

const RECORD_END = ['sources', 'updatedAt', 'version'] as const;

/** A person's roles in their order, each with its references as ids (the row's own shape for them). */
const PERSON_ROLES = `COALESCE((SELECT json_agg(json_build_object('title', r.title, 'kind', r.kind, 'asOf', r.as_of,
  'organisationId', r.organisation_id, 'eventId', r.event_id, 'programmeId', r.programme_id) ORDER BY r.position)
  FROM person_role r WHERE r.person_id = pe.id), CAST('[]' AS json))`;

function list<T extends ObjectLiteral>(declared: NodeExportList<T>): NodeExportList {
  return declared as unknown as NodeExportList;
}

export const EXPORTED = {
  events: list({
    path: 'events',
    field: 'events',
    filterArgument: 'filter',
    orderArgument: 'orderBy',
    // The order of the events export since it first shipped (docs/clients.md): kept.
    fields: [
      'id',
      'country',
      'title',
      'summary',
      'type',
      'startDate',
      'endDate',
      'datePrecision',
      'city',
      'venue',
      'online',
      'programme',
      'participantCount',
      'presentationCount',
      'themes',
      'outcomes',
      ...RECORD_END,
    ],
    entity: Event,
    alias: 'e',
    filter: applyEventFilter,
  }),
  organisations: list({
    path: 'organisations',
    field: 'organisations',
    filterArgument: 'filter',
    orderArgument: null,
    fields: ['id', 'country', 'name', 'acronym', 'type', 'constituentGroup', 'globalRef', 'parent', 'about', 'formerNames', ...RECORD_END],
    entity: Organisation,
    alias: 'o',
    filter: applyOrganisationFilter,
  }),
  programmes: list({
    path: 'programmes',
    field: 'programmes',
    filterArgument: 'filter',
    orderArgument: 'orderBy',
    fields: [
      'id',
      'country',
      'code',
      'title',
      'summary',
      'status',
      'statusAsOf',
      'startDate',
      'endDate',
      'datePrecision',
      'phase',
      'recipientCountries',
      'themes',
      'objectives',
      ...RECORD_END,
    ],
    entity: Programme,
    alias: 'p',
    filter: applyProgrammeFilter,
  }),
  people: list({
    path: 'people',
    field: 'people',
    filterArgument: 'filter',
    orderArgument: null,
    fields: ['id', 'country', 'name', 'nameVariants', 'globalRef', 'email', 'phone', 'roles', ...RECORD_END],
    entity: Person,
    alias: 'pe',
    filter: applyPersonFilter,
    computed: { roles: PERSON_ROLES },
  }),
  partnerships: list({
    path: 'partnerships',
    field: 'partnerships',
    filterArgument: 'filter',
    orderArgument: null,
    fields: ['id', 'country', 'organisation', 'programme', 'role', 'basis', 'description', 'startDate', 'endDate', ...RECORD_END],
    entity: Partnership,
    alias: 'ps',
    filter: applyPartnershipFilter,
  }),
} satisfies Record<string, NodeExportList>;

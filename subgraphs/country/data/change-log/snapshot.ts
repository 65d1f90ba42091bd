import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ChangeEntity } from '../../../../shared/enums.js';
import { Event } from '../../entities/event.entity.js';
import { Organisation } from '../../entities/organisation.entity.js';
import { Partnership } from '../../entities/partnership.entity.js';
import { Person } from '../../entities/person.entity.js';
import { Programme } from '../../entities/programme.entity.js';
import type { RecordValues } from '../../entities/revision.entity.js';

/** The entity class of each change-log entity name. */
export const RECORD_CLASS: Record<ChangeEntity, EntityTarget<ObjectLiteral>> = {
  [ChangeEntity.PROGRAMME]: Programme,
  [ChangeEntity.EVENT]: Event,
  [ChangeEntity.PARTNERSHIP]: Partnership,
  [ChangeEntity.ORGANISATION]: Organisation,
  [ChangeEntity.PERSON]: Person,
};

/** The record table of each entity name (named in SQL, so a closed list). */
export const RECORD_TABLE: Record<ChangeEntity, 'programme' | 'event' | 'partnership' | 'organisation' | 'person'> = {
  [ChangeEntity.PROGRAMME]: 'programme',
  [ChangeEntity.EVENT]: 'event',
  [ChangeEntity.PARTNERSHIP]: 'partnership',
  [ChangeEntity.ORGANISATION]: 'organisation',
  [ChangeEntity.PERSON]: 'person',
};

/** The entity name an id's kind part stands for (`KG:EVT:…`). */
const ENTITY_OF_KIND: Record<string, ChangeEntity> = {
  PRG: ChangeEntity.PROGRAMME,
  EVT: ChangeEntity.EVENT,
  PSH: ChangeEntity.PARTNERSHIP,
  ORG: ChangeEntity.ORGANISATION,
  PER: ChangeEntity.PERSON,
};

export function entityOfId(id: string): ChangeEntity | null {
  return ENTITY_OF_KIND[id.split(':')[1] ?? ''] ?? null;
}

/**
 * Columns that are not content: the identity and bookkeeping every write sets itself, and what
 * data/derive.ts computes from the content (search text, covered range). Every other column is
 * content, so a column added to an entity later is kept in revisions without touching this file.
 */
const NOT_CONTENT = new Set(['id', 'countryCode', 'version', 'updatedAt', 'searchText', 'rangeStart', 'rangeEnd']);

function contentColumns(m: EntityManager, entity: ChangeEntity): string[] {
  return m.connection
    .getMetadata(RECORD_CLASS[entity])
    .columns.map((c) => c.propertyName)
    .filter((name) => !NOT_CONTENT.has(name));
}

/** Plain JSON (dates as ISO strings), so values compare and store the same whatever they came from. */
const plain = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/**
 * A record's content as revisions keep it: its content columns by property name, and its
 * nested parts under the names of its input type (an event's `organiserIds` and
 * `participantIds` in their order, a person's `roles`). Null when the record does not exist.
 */
export async function snapshotOf(m: EntityManager, entity: ChangeEntity, id: string): Promise<RecordValues | null> {
  const row = await m.findOneBy(RECORD_CLASS[entity], { id });
  if (!row) return null;
  const values: RecordValues = {};
  for (const column of contentColumns(m, entity)) values[column] = plain(row[column]);
  if (entity === ChangeEntity.EVENT) {
    const links: Array<{ role: string; organisation_id: string }> = await m.query(
      'SELECT role, organisation_id FROM event_organisation WHERE event_id = $1 ORDER BY role, position',
      [id],
    );
    values.organiserIds = links.filter((l) => l.role === 'ORGANISER').map((l) => l.organisation_id);
    values.participantIds = links.filter((l) => l.role === 'PARTICIPANT').map((l) => l.organisation_id);
  }
  if (entity === ChangeEntity.PERSON) {
    const roles: Array<Record<string, unknown>> = await m.query(
      `SELECT title, organisation_id AS "organisationId", event_id AS "eventId", programme_id AS "programmeId", to_char(as_of, 'YYYY-MM-DD') AS "asOf"
       FROM person_role WHERE person_id = $1 ORDER BY position`,
      [id],
    );
    values.roles = plain(roles);
  }
  return values;
}

/** The fields whose values differ, in `after`'s field order. */
export function changedFields(before: RecordValues, after: RecordValues): string[] {
  const names = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return names.filter((name) => JSON.stringify(before[name] ?? null) !== JSON.stringify(after[name] ?? null));
}

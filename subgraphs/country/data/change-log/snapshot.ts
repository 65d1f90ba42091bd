import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ChangeEntity } from '../../../../contract/enums.js';
import { Event, EventOrganisation, type EventOrganisationRole } from '../../entities/event.entity.js';
import { Organisation } from '../../entities/organisation.entity.js';
import { Partnership } from '../../entities/partnership.entity.js';
import { Person, PersonRole } from '../../entities/person.entity.js';
import { Programme } from '../../entities/programme.entity.js';
import type { RecordValues } from '../../entities/revision.entity.js';

/** An event's organisations of each role, under the name of the input field that sets them. */
export const LINK_FIELDS: Record<EventOrganisationRole, string> = { ORGANISER: 'organiserIds', PARTICIPANT: 'participantIds', SUPPORTER: 'supporterIds' };

/** Kept values that are a record's nested parts, not its columns. */
export const NESTED_FIELDS = new Set([...Object.values(LINK_FIELDS), 'roles']);

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
 * nested parts under the names of its input type (an event's `organiserIds`, `participantIds`
 * and `supporterIds` in their order, a person's `roles`). Null when the record does not exist.
 */
export async function snapshotOf(m: EntityManager, entity: ChangeEntity, id: string): Promise<RecordValues | null> {
  const row = await m.findOneBy(RECORD_CLASS[entity], { id });
  if (!row) return null;
  const values: RecordValues = {};
  for (const column of contentColumns(m, entity)) values[column] = plain(row[column]);
  if (entity === ChangeEntity.EVENT) {
    const links = await m.find(EventOrganisation, { where: { eventId: id }, order: { role: 'ASC', position: 'ASC' } });
    for (const [role, field] of Object.entries(LINK_FIELDS)) values[field] = links.filter((l) => l.role === role).map((l) => l.organisationId);
  }
  if (entity === ChangeEntity.PERSON) {
    const roles = await m.find(PersonRole, { where: { personId: id }, order: { position: 'ASC' } });
    values.roles = roles.map(({ personId: _person, position: _position, ...role }) => plain(role));
  }
  return values;
}

/** The fields whose values differ, in `after`'s field order. */
export function changedFields(before: RecordValues, after: RecordValues): string[] {
  const names = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return names.filter((name) => JSON.stringify(before[name] ?? null) !== JSON.stringify(after[name] ?? null));
}

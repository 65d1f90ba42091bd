import type { EntityManager } from 'typeorm';
import { DatePrecision, EventDimension } from '../../../contract/enums.js';
import { ChangeEntity } from '../../../contract/enums.js';
import type { CountryContext } from '../context.js';
import { logDelete, logWrite } from './change-log/append.js';
import { snapshotOf } from './change-log/snapshot.js';
import type { ConnectionData } from '../entities/connection.js';
import { Event, EventOrganisation, type EventOrganisationRole } from '../entities/event.entity.js';
import { EventStat } from '../entities/stats.js';
import type { EventFilter } from '../inputs/filters.js';
import type { EventListArgs } from '../inputs/list-args.js';
import { deriveEvent, now } from './derive.js';
import { ROLLUP_DIMENSION_SQL, ROLLUP_SUMS, ROLLUP_WEIGHT, rollupAnswers, rollupRows } from './event-rollup.js';
import { applyEventFilter, excludesCountry } from './filters.js';
import { listPage, type PageNeeds } from './list.js';
import { groupedStats, themesOf } from './stats.js';
import { truncateSlug, slugOf, uniqueId } from './write/ids.js';
import { assertRefs, referencesTo, stillReferenced } from './write/references.js';
import { deleteRow, lockForWrite, runWrite, saveVersioned } from './write/transaction.js';

export function listEvents(ctx: CountryContext, needs: PageNeeds, args: EventListArgs): Promise<ConnectionData<Event>> {
  return listPage(ctx, needs, args, args.orderBy ?? 'START_DATE_DESC', 'e', () =>
    applyEventFilter(ctx.db.getRepository(Event).createQueryBuilder('e'), args.filter),
  );
}

/** The events an organisation organised or took part in (not those it only supported), as a list of events. */
export function listEventsOfOrganisation(ctx: CountryContext, needs: PageNeeds, organisationId: string, args: EventListArgs): Promise<ConnectionData<Event>> {
  return listPage(ctx, needs, args, args.orderBy ?? 'START_DATE_DESC', 'e', () =>
    applyEventFilter(ctx.db.getRepository(Event).createQueryBuilder('e'), args.filter).andWhere(
      `EXISTS (SELECT 1 FROM event_organisation eo WHERE eo.event_id = e.id AND eo.organisation_id = :organisationId AND eo.role IN ('ORGANISER', 'PARTICIPANT'))`,
      { organisationId },
    ),
  );
}

const EVENT_DIMENSION_SQL: Record<EventDimension, string> = {
  COUNTRY: 'e.country',
  YEAR: 'EXTRACT(YEAR FROM e.start_date)::int',
  TYPE: 'e.type',
  THEME: themesOf('e'),
};

const NO_GROUP: EventStat = { country: null, year: null, type: null, theme: null, count: 0, participantCount: 0 };

/**
 * Event counts and participant sums by `groupBy`: from the summary table when the filter allows
 * (see event-rollup.ts), else by scanning the matching events. `scan` forces the scan (the tests
 * compare both paths).
 */
export function eventStats(ctx: CountryContext, groupBy: EventDimension[], filter: EventFilter | null | undefined, scan = false): Promise<EventStat[]> {
  if (excludesCountry(filter, ctx.country)) return Promise.resolve([]);
  if (!scan && rollupAnswers(filter)) {
    return groupedStats<EventStat>(ctx, rollupRows(ctx, filter), groupBy, ROLLUP_DIMENSION_SQL, ROLLUP_SUMS, NO_GROUP, ROLLUP_WEIGHT);
  }
  const filtered = applyEventFilter(ctx.db.getRepository(Event).createQueryBuilder('e'), filter);
  return groupedStats<EventStat>(ctx, filtered as never, groupBy, EVENT_DIMENSION_SQL, { participantCount: 'e.participant_count' }, NO_GROUP);
}

/** An event's organisations by role, in the order given; a role left out keeps its links. */
export type EventLinks = Partial<Record<EventOrganisationRole, string[]>>;

async function checkEventRefs(m: EntityManager, ctx: CountryContext, programmeId: string | null | undefined, links: EventLinks, at: string) {
  if (programmeId) await assertRefs(m, ctx, 'programme', [programmeId], `${at}.programmeId`);
  if (links.ORGANISER) await assertRefs(m, ctx, 'organisation', links.ORGANISER, `${at}.organiserIds`);
  if (links.PARTICIPANT) await assertRefs(m, ctx, 'organisation', links.PARTICIPANT, `${at}.participantIds`);
  if (links.SUPPORTER) await assertRefs(m, ctx, 'organisation', links.SUPPORTER, `${at}.supporterIds`);
}

/** Replaces the event's organisations of each given role, keeping the given order in `position`. */
async function writeLinks(m: EntityManager, eventId: string, links: EventLinks) {
  for (const [role, ids] of Object.entries(links) as Array<[EventOrganisationRole, string[]]>) {
    await m.delete(EventOrganisation, { eventId, role });
    if (ids.length)
      await m.insert(
        EventOrganisation,
        ids.map((organisationId, position) => ({ eventId, role, organisationId, position })),
      );
  }
}

/** The date part of an event slug, as precise as the date is known: 2016-10-28, 2016-11 or 2017. */
function datePrefix(event: Event): string {
  if (!event.startDate) return '';
  switch (event.datePrecision) {
    case DatePrecision.DAY:
      return `${event.startDate}-`;
    case DatePrecision.MONTH:
      return `${event.startDate.slice(0, 7)}-`;
    case DatePrecision.YEAR:
      return `${event.startDate.slice(0, 4)}-`;
    default:
      return '';
  }
}

/** Inserts a new event (id from its date and title) with its organisations, in one transaction. */
export function insertEvent(ctx: CountryContext, event: Event, links: EventLinks): Promise<Event> {
  return runWrite(
    ctx,
    async (m) => {
      await checkEventRefs(m, ctx, event.programmeId, links, 'input');
      // An undelete brings its id back; a create makes one from the date and title.
      event.id ??= await uniqueId(m, 'event', `${ctx.country}:EVT:${truncateSlug(datePrefix(event) + slugOf(event.title))}`);
      event.updatedAt = now();
      await m.insert(Event, deriveEvent(event));
      await writeLinks(m, event.id, links);
      await logWrite(m, ctx, ChangeEntity.EVENT, event.id, null);
      return m.findOneByOrFail(Event, { id: event.id });
    },
    Event,
  );
}

/** Applies `change` to the locked event at `expectedVersion` and stores it as the next version. */
export function updateEvent(ctx: CountryContext, id: string, expectedVersion: number, change: (event: Event) => void, links: EventLinks): Promise<Event> {
  return runWrite(
    ctx,
    async (m) => {
      const event = await lockForWrite(m, Event, ctx, id, expectedVersion, 'event');
      const before = await snapshotOf(m, ChangeEntity.EVENT, id);
      const programmeBefore = event.programmeId;
      change(event);
      await checkEventRefs(m, ctx, event.programmeId !== programmeBefore ? event.programmeId : null, links, 'patch');
      await saveVersioned(m, Event, deriveEvent(event), expectedVersion);
      await writeLinks(m, id, links);
      await logWrite(m, ctx, ChangeEntity.EVENT, id, before);
      return m.findOneByOrFail(Event, { id });
    },
    Event,
  );
}

export function deleteEvent(ctx: CountryContext, id: string, expectedVersion: number): Promise<string> {
  return runWrite(ctx, async (m) => {
    await lockForWrite(m, Event, ctx, id, expectedVersion, 'event');
    const refused = stillReferenced(id, await referencesTo(m, 'event', id));
    if (refused) throw refused;
    const before = (await snapshotOf(m, ChangeEntity.EVENT, id))!;
    // event_organisation rows go with the event (ON DELETE CASCADE).
    await deleteRow(m, 'event', id);
    await logDelete(m, ctx, ChangeEntity.EVENT, id, expectedVersion, before);
    return id;
  });
}

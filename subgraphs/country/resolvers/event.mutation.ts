import { Arg, Args, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { assertEditorOf } from '../../../shared/auth.js';
import { DatePrecision } from '../../../shared/enums.js';
import type { CountryContext } from '../context.js';
import { deriveEvent, now } from '../data/derive.js';
import {
  assertDateOrder, assertNodeCountry, assertRefs, deleteRow, distinctIds, distinctValues, lockForWrite, nonNegative,
  optionalText, rejectNulls, runWrite, saveVersioned, slugOf, toLocalizedText, toOptionalLocalizedText, toSources, truncateSlug, uniqueId,
} from '../data/writes.js';
import { Event, EventOrganisation, type EventOrganisationRole } from '../entities/event.entity.js';
import { DeleteEventArgs, EventInput, type EventPatch, UpdateEventArgs } from '../inputs/event.input.js';

/** Content columns a patch (or a create, defaults filled in) sets; only fields present are converted. */
function eventChanges(p: EventPatch, at: string): Partial<Event> {
  rejectNulls(p, ['title', 'type', 'datePrecision', 'online', 'themes', 'organiserIds', 'participantIds'], at);
  const c: Partial<Event> = {};
  if (p.title !== undefined) c.title = toLocalizedText(p.title!, `${at}.title`);
  if (p.summary !== undefined) c.summary = toOptionalLocalizedText(p.summary, `${at}.summary`);
  if (p.type !== undefined) c.type = p.type!;
  if (p.startDate !== undefined) c.startDate = p.startDate;
  if (p.endDate !== undefined) c.endDate = p.endDate;
  if (p.datePrecision !== undefined) c.datePrecision = p.datePrecision!;
  if (p.city !== undefined) c.city = optionalText(p.city);
  if (p.venue !== undefined) c.venue = optionalText(p.venue);
  if (p.online !== undefined) c.online = p.online!;
  if (p.programmeId !== undefined) c.programmeId = p.programmeId;
  if (p.participantCount !== undefined) c.participantCount = nonNegative(p.participantCount, `${at}.participantCount`);
  if (p.presentationCount !== undefined) c.presentationCount = nonNegative(p.presentationCount, `${at}.presentationCount`);
  if (p.themes !== undefined) c.themes = distinctValues(p.themes);
  return c;
}

/** The date part of an event slug, as precise as the date is known: 2016-10-28, 2016-11 or 2017. */
function datePrefix(event: Event): string {
  if (!event.startDate) return '';
  switch (event.datePrecision) {
    case DatePrecision.DAY: return `${event.startDate}-`;
    case DatePrecision.MONTH: return `${event.startDate.slice(0, 7)}-`;
    case DatePrecision.YEAR: return `${event.startDate.slice(0, 4)}-`;
    default: return '';
  }
}

async function checkEventRefs(m: EntityManager, ctx: CountryContext, c: Partial<Event>, links: Partial<Record<EventOrganisationRole, string[]>>, at: string) {
  if (c.programmeId) await assertRefs(m, ctx, 'programme', [c.programmeId], `${at}.programmeId`);
  if (links.ORGANISER) await assertRefs(m, ctx, 'organisation', links.ORGANISER, `${at}.organiserIds`);
  if (links.PARTICIPANT) await assertRefs(m, ctx, 'organisation', links.PARTICIPANT, `${at}.participantIds`);
}

/** Replaces the event's organisations of each given role, keeping the given order in `position`. */
async function writeLinks(m: EntityManager, eventId: string, links: Partial<Record<EventOrganisationRole, string[]>>) {
  for (const [role, ids] of Object.entries(links) as Array<[EventOrganisationRole, string[]]>) {
    await m.delete(EventOrganisation, { eventId, role });
    if (ids.length) await m.insert(EventOrganisation, ids.map((organisationId, position) => ({ eventId, role, organisationId, position })));
  }
}

function linksOf(p: EventPatch, at: string): Partial<Record<EventOrganisationRole, string[]>> {
  const links: Partial<Record<EventOrganisationRole, string[]>> = {};
  if (p.organiserIds) links.ORGANISER = distinctIds(p.organiserIds, `${at}.organiserIds`);
  if (p.participantIds) links.PARTICIPANT = distinctIds(p.participantIds, `${at}.participantIds`);
  return links;
}

/** create/update/delete of events; only an editor of this node's country may call them. */
@Resolver()
export class EventMutationResolver {
  @Mutation(() => Event)
  async createEvent(@Ctx() ctx: CountryContext, @Arg('input', () => EventInput) input: EventInput): Promise<Event> {
    assertEditorOf(ctx.principal, ctx.country);
    assertNodeCountry(ctx, input.country);
    // A create is a patch over defaults; absent optional fields become null / empty.
    const full: EventPatch = {
      ...input,
      datePrecision: input.datePrecision ?? DatePrecision.DAY,
      online: input.online ?? false,
      themes: input.themes ?? [],
      organiserIds: input.organiserIds ?? [],
      participantIds: input.participantIds ?? [],
    };
    const changes = eventChanges(full, 'input');
    const links = linksOf(full, 'input');
    const sources = toSources(input.sources, 'input.sources');
    const event = Object.assign(new Event(), {
      summary: null, startDate: null, endDate: null, city: null, venue: null, programmeId: null,
      participantCount: null, presentationCount: null, outcomes: [], ...changes, sources,
      countryCode: ctx.country, version: 1,
    });
    assertDateOrder(event.startDate, event.endDate, 'input.endDate');
    return runWrite(ctx, async (m) => {
      await checkEventRefs(m, ctx, changes, links, 'input');
      event.id = await uniqueId(m, 'event', `${ctx.country}:EVT:${truncateSlug(datePrefix(event) + slugOf(event.title))}`);
      event.updatedAt = now();
      await m.insert(Event, deriveEvent(event));
      await writeLinks(m, event.id, links);
      return m.findOneByOrFail(Event, { id: event.id });
    });
  }

  @Mutation(() => Event)
  async updateEvent(
    @Ctx() ctx: CountryContext,
    @Args(() => UpdateEventArgs) { id, expectedVersion, patch }: UpdateEventArgs,
  ): Promise<Event> {
    assertEditorOf(ctx.principal, ctx.country);
    const changes = eventChanges(patch, 'patch');
    const links = linksOf(patch, 'patch');
    return runWrite(ctx, async (m) => {
      const event = await lockForWrite(m, Event, ctx, id, expectedVersion, 'event');
      Object.assign(event, changes);
      if (patch.startDate !== undefined || patch.endDate !== undefined) {
        assertDateOrder(event.startDate, event.endDate, patch.endDate !== undefined ? 'patch.endDate' : 'patch.startDate');
      }
      await checkEventRefs(m, ctx, changes, links, 'patch');
      await saveVersioned(m, Event, deriveEvent(event), expectedVersion);
      await writeLinks(m, id, links);
      return m.findOneByOrFail(Event, { id });
    });
  }

  @Mutation(() => ID)
  async deleteEvent(
    @Ctx() ctx: CountryContext,
    @Args(() => DeleteEventArgs) { id, expectedVersion }: DeleteEventArgs,
  ): Promise<string> {
    assertEditorOf(ctx.principal, ctx.country);
    return runWrite(ctx, async (m) => {
      await lockForWrite(m, Event, ctx, id, expectedVersion, 'event');
      // event_organisation rows go with the event (ON DELETE CASCADE); nothing references an event.
      await deleteRow(m, 'event', id);
      return id;
    });
  }
}

import { Arg, Args, Ctx, ID, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { assertEditorOf } from '../../../platform/auth.js';
import { ChangeEntity, DatePrecision } from '../../../contract/enums.js';
import { deletedValues, valuesAtVersion } from '../data/change-log/history.js';
import { columnsOf, isReplay, keptLinks, restoring } from '../data/change-log/restore.js';
import { RestoreArgs, UndeleteArgs } from '../inputs/restore.input.js';
import type { CountryContext } from '../context.js';
import { deleteEvent, insertEvent, updateEvent, type EventLinks } from '../data/events.js';
import { IdempotentWrite } from '../data/write/idempotency.js';
import { WriteLimits } from '../inputs/write-limits.js';
import { assertNodeCountry } from '../data/write/references.js';
import {
  assertDateOrder,
  distinctIds,
  distinctValues,
  nonNegative,
  optionalText,
  rejectNulls,
  toLocalizedText,
  toOptionalLocalizedText,
  toSources,
} from '../data/write/validate.js';
import { Event } from '../entities/event.entity.js';
import { DeleteEventArgs, EventInput, type EventPatch, UpdateEventArgs } from '../inputs/event.input.js';
import { OwnedById, OwnedByInputCountry } from '../sharding.js';

/** Content columns a patch (or a create, defaults filled in) sets; only fields present are converted. */
function eventChanges(p: EventPatch, at: string): Partial<Event> {
  rejectNulls(p, ['title', 'type', 'datePrecision', 'online', 'themes', 'organiserIds', 'participantIds', 'supporterIds'], at);
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
  // null means none, as at create: a list of sources is never unknown, only empty.
  if (p.sources !== undefined) c.sources = toSources(p.sources, `${at}.sources`);
  return c;
}

function linksOf(p: EventPatch, at: string): EventLinks {
  const links: EventLinks = {};
  if (p.organiserIds) links.ORGANISER = distinctIds(p.organiserIds, `${at}.organiserIds`);
  if (p.participantIds) links.PARTICIPANT = distinctIds(p.participantIds, `${at}.participantIds`);
  if (p.supporterIds) links.SUPPORTER = distinctIds(p.supporterIds, `${at}.supporterIds`);
  return links;
}

/** create/update/delete of events; only an editor of this node's country may call them. */
@Resolver()
@UseMiddleware(WriteLimits, IdempotentWrite)
export class EventMutationResolver {
  @Mutation(() => Event, { nullable: true })
  @OwnedByInputCountry()
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
      supporterIds: input.supporterIds ?? [],
    };
    const changes = eventChanges(full, 'input');
    const event = Object.assign(new Event(), {
      summary: null,
      startDate: null,
      endDate: null,
      city: null,
      venue: null,
      programmeId: null,
      participantCount: null,
      presentationCount: null,
      outcomes: [],
      ...changes,
      countryCode: ctx.country,
      version: 1,
    });
    assertDateOrder(event.startDate, event.endDate, 'input.endDate');
    return insertEvent(ctx, event, linksOf(full, 'input'));
  }

  @Mutation(() => Event, { nullable: true })
  @OwnedById()
  async updateEvent(@Ctx() ctx: CountryContext, @Args(() => UpdateEventArgs) { id, expectedVersion, patch }: UpdateEventArgs): Promise<Event> {
    assertEditorOf(ctx.principal, ctx.country);
    const changes = eventChanges(patch, 'patch');
    return updateEvent(
      ctx,
      id,
      expectedVersion,
      (event) => {
        Object.assign(event, changes);
        if (patch.startDate !== undefined || patch.endDate !== undefined) {
          assertDateOrder(event.startDate, event.endDate, patch.endDate !== undefined ? 'patch.endDate' : 'patch.startDate');
        }
      },
      linksOf(patch, 'patch'),
    );
  }

  @Mutation(() => ID, { nullable: true })
  @OwnedById()
  async deleteEvent(@Ctx() ctx: CountryContext, @Args(() => DeleteEventArgs) { id, expectedVersion }: DeleteEventArgs): Promise<string> {
    assertEditorOf(ctx.principal, ctx.country);
    return deleteEvent(ctx, id, expectedVersion);
  }

  @Mutation(() => Event, { nullable: true, description: 'Restores the content of an earlier version of the event as its next version.' })
  @OwnedById()
  async restoreEvent(@Ctx() ctx: CountryContext, @Args(() => RestoreArgs) { id, expectedVersion, version }: RestoreArgs): Promise<Event> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await valuesAtVersion(ctx.db, ctx, ChangeEntity.EVENT, id, expectedVersion, version);
    return restoring(ctx, version, id, expectedVersion, () =>
      updateEvent(
        ctx,
        id,
        expectedVersion,
        (event) => {
          Object.assign(event, columnsOf(values));
          assertDateOrder(event.startDate, event.endDate, 'version');
        },
        keptLinks(values),
      ),
    );
  }

  @Mutation(() => Event, { nullable: true, description: 'Brings back a deleted event (its id, content and organisations) within the retention period.' })
  @OwnedById()
  async undeleteEvent(@Ctx() ctx: CountryContext, @Args(() => UndeleteArgs) { id, expectedVersion }: UndeleteArgs): Promise<Event> {
    assertEditorOf(ctx.principal, ctx.country);
    const values = (await isReplay(ctx)) ? {} : await deletedValues(ctx.db, ctx, ChangeEntity.EVENT, id, expectedVersion);
    const event = Object.assign(new Event(), columnsOf(values), { id, countryCode: ctx.country, version: expectedVersion + 1 });
    return restoring(ctx, expectedVersion, id, expectedVersion, () => insertEvent(ctx, event, keptLinks(values)));
  }
}

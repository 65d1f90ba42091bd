import type { GraphQLResolveInfo } from 'graphql';
import { pageSize, type OrderName } from '../../../shared/ordering.js';
import { connectionNeeds } from '../../../shared/selection.js';
import type { CountryContext } from '../context.js';
import type { ConnectionData } from '../entities/connections.js';
import { Event } from '../entities/event.entity.js';
import { Organisation } from '../entities/organisation.entity.js';
import { Partnership } from '../entities/partnership.entity.js';
import { Programme } from '../entities/programme.entity.js';
import {
  applyEventFilter,
  applyOrganisationFilter,
  applyPartnershipFilter,
  applyProgrammeFilter,
  excludesCountry,
} from '../data/filters.js';
import { emptyConnection, fetchPage } from '../data/page.js';
import type { EventFilter, OrganisationFilter, PartnershipFilter, ProgrammeFilter } from '../inputs/filters.js';

/** Shared by Query.events and Country.events: same filter, order and paging semantics. */
export function listEvents(
  ctx: CountryContext, info: GraphQLResolveInfo, filter: EventFilter | null | undefined, order: OrderName, first: number | null | undefined, after: string | null | undefined,
): Promise<ConnectionData<Event>> {
  const size = pageSize(first);
  if (excludesCountry(filter, ctx.country)) return Promise.resolve(emptyConnection());
  return fetchPage(() => applyEventFilter(ctx.ds.getRepository(Event).createQueryBuilder('e'), filter), 'e', {
    order, first: size, after, ...connectionNeeds(info),
  });
}

export function listProgrammes(
  ctx: CountryContext, info: GraphQLResolveInfo, filter: ProgrammeFilter | null | undefined, order: OrderName, first: number | null | undefined, after: string | null | undefined,
): Promise<ConnectionData<Programme>> {
  const size = pageSize(first);
  if (excludesCountry(filter, ctx.country)) return Promise.resolve(emptyConnection());
  return fetchPage(() => applyProgrammeFilter(ctx.ds.getRepository(Programme).createQueryBuilder('p'), filter), 'p', {
    order, first: size, after, ...connectionNeeds(info),
  });
}

export function listPartnerships(
  ctx: CountryContext, info: GraphQLResolveInfo, filter: PartnershipFilter | null | undefined, first: number | null | undefined, after: string | null | undefined,
): Promise<ConnectionData<Partnership>> {
  const size = pageSize(first);
  if (excludesCountry(filter, ctx.country)) return Promise.resolve(emptyConnection());
  return fetchPage(() => applyPartnershipFilter(ctx.ds.getRepository(Partnership).createQueryBuilder('ps'), filter), 'ps', {
    order: 'ID_ASC', first: size, after, ...connectionNeeds(info),
  });
}

export function listOrganisations(
  ctx: CountryContext, info: GraphQLResolveInfo, filter: OrganisationFilter | null | undefined, first: number | null | undefined, after: string | null | undefined,
): Promise<ConnectionData<Organisation>> {
  const size = pageSize(first);
  if (excludesCountry(filter, ctx.country)) return Promise.resolve(emptyConnection());
  return fetchPage(
    () => applyOrganisationFilter(ctx.ds.getRepository(Organisation).createQueryBuilder('o'), filter) as never,
    'o',
    { order: 'ID_ASC', first: size, after, ...connectionNeeds(info) },
  ) as Promise<ConnectionData<Organisation>>;
}

/** Ids carry their country: another country's id is simply not here, with no query. */
export function ownsId(ctx: CountryContext, id: string): boolean {
  return id.startsWith(`${ctx.country}:`);
}

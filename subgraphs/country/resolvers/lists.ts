import type { GraphQLResolveInfo } from 'graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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
import { emptyConnection, fetchPage, type Sortable } from '../data/page.js';
import type { EventListArgs, OrganisationListArgs, PartnershipListArgs, ProgrammeListArgs } from '../inputs/list-args.js';

/** One page of `query()` under the list semantics every list field shares (validation, country filter, keyset). */
function list<T extends ObjectLiteral & Sortable>(
  ctx: CountryContext,
  info: GraphQLResolveInfo,
  args: { filter?: { countries?: string[] | null } | null; first?: number | null; after?: string | null },
  order: OrderName,
  alias: string,
  query: () => SelectQueryBuilder<T>,
): Promise<ConnectionData<T>> {
  const first = pageSize(args.first);
  if (excludesCountry(args.filter, ctx.country)) return Promise.resolve(emptyConnection());
  return fetchPage(query, alias, { order, first, after: args.after, ...connectionNeeds(info) });
}

export function listEvents(ctx: CountryContext, info: GraphQLResolveInfo, args: EventListArgs): Promise<ConnectionData<Event>> {
  return list(ctx, info, args, args.orderBy ?? 'START_DATE_DESC', 'e', () =>
    applyEventFilter(ctx.ds.getRepository(Event).createQueryBuilder('e'), args.filter));
}

export function listProgrammes(ctx: CountryContext, info: GraphQLResolveInfo, args: ProgrammeListArgs): Promise<ConnectionData<Programme>> {
  return list(ctx, info, args, args.orderBy ?? 'START_DATE_DESC', 'p', () =>
    applyProgrammeFilter(ctx.ds.getRepository(Programme).createQueryBuilder('p'), args.filter));
}

export function listPartnerships(ctx: CountryContext, info: GraphQLResolveInfo, args: PartnershipListArgs): Promise<ConnectionData<Partnership>> {
  return list(ctx, info, args, 'ID_ASC', 'ps', () =>
    applyPartnershipFilter(ctx.ds.getRepository(Partnership).createQueryBuilder('ps'), args.filter));
}

export function listOrganisations(ctx: CountryContext, info: GraphQLResolveInfo, args: OrganisationListArgs): Promise<ConnectionData<Organisation>> {
  return list(ctx, info, args, 'ID_ASC', 'o', () =>
    applyOrganisationFilter(ctx.ds.getRepository(Organisation).createQueryBuilder('o'), args.filter));
}

/** Ids carry their country: another country's id is simply not here, with no query. */
export function ownsId(ctx: CountryContext, id: string): boolean {
  return id.startsWith(`${ctx.country}:`);
}

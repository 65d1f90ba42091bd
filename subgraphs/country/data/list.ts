import type { GraphQLResolveInfo } from 'graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { connectionNeeds } from '../../../contract/selection.js';
import { pageSize, type OrderName } from '../../../contract/ordering.js';
import type { CountryContext } from '../context.js';
import { emptyConnection, type ConnectionData } from '../entities/connection.js';
import { nodeSelectionOf, type NodeSelection } from './columns.js';
import { excludesCountry } from './filters.js';
import { fetchPage, type Sortable } from './page.js';

/** Which parts of a connection the query selected (rows for edges/nodes/pageInfo, a COUNT for totalCount). */
export interface PageNeeds {
  wantRows: boolean;
  wantCount: boolean;
  /** pageInfo.hasPreviousPage was selected. */
  wantPrevious?: boolean;
  /** The fields selected on the nodes (only those columns are read); absent: every column. */
  nodes?: NodeSelection | null;
}

/** What a connection field's query selected: which parts of the page, and which fields of its nodes. */
export function pageNeeds(info: GraphQLResolveInfo): PageNeeds {
  return { ...connectionNeeds(info), nodes: nodeSelectionOf(info) };
}

/** The arguments of every list field. */
export interface ListRequest {
  filter?: { countries?: string[] | null } | null;
  first?: number | null;
  after?: string | null;
}

/** One page of `query()` under the list semantics every list field shares (validation, country filter, keyset). */
export function listPage<T extends ObjectLiteral & Sortable>(
  ctx: CountryContext,
  needs: PageNeeds,
  args: ListRequest,
  order: OrderName,
  alias: string,
  query: () => SelectQueryBuilder<T>,
): Promise<ConnectionData<T>> {
  const first = pageSize(args.first);
  if (excludesCountry(args.filter, ctx.country)) return Promise.resolve(emptyConnection());
  return fetchPage(query, alias, { order, first, after: args.after, ...needs });
}

/** Ids carry their country: another country's id is simply not here, with no query. */
export function ownsId(ctx: CountryContext, id: string): boolean {
  return id.startsWith(`${ctx.country}:`);
}

import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { EventDimension, ProgrammeDimension } from '../../../shared/enums.js';
import { compareGroups } from '../../../shared/ordering.js';
import type { CountryContext } from '../context.js';
import { applyEventFilter, applyProgrammeFilter, excludesCountry } from '../data/filters.js';
import { Event } from '../entities/event.entity.js';
import { Programme } from '../entities/programme.entity.js';
import { EventStat, ProgrammeStat } from '../entities/stats.js';
import { EventFilter, ProgrammeFilter } from '../inputs/filters.js';

/** Records without themes still count once, under a null theme, when grouped by THEME. */
const THEMES = (alias: string) => `unnest(CASE WHEN cardinality(${alias}.themes) = 0 THEN ARRAY[NULL]::text[] ELSE ${alias}.themes END)`;

const EVENT_DIMENSION_SQL: Record<EventDimension, string> = {
  COUNTRY: 'e.country',
  YEAR: 'EXTRACT(YEAR FROM e.start_date)::int',
  TYPE: 'e.type',
  THEME: THEMES('e'),
};
const PROGRAMME_DIMENSION_SQL: Record<ProgrammeDimension, string> = {
  COUNTRY: 'p.country',
  STATUS: 'p.status',
  THEME: THEMES('p'),
};

/**
 * One scan: the filtered rows project their dimension values (THEME unnests, one row per
 * theme) in a subquery, and the outer query groups them. Returns the SQL and its parameters.
 */
function groupedSql(
  filtered: SelectQueryBuilder<ObjectLiteral>,
  dims: string[],
  sqlOf: Record<string, string>,
  sums: Record<string, string>,
): [string, unknown[]] {
  const inner = filtered.select('1', 'one');
  for (const d of dims) inner.addSelect(sqlOf[d], `d_${d.toLowerCase()}`);
  for (const [name, expr] of Object.entries(sums)) inner.addSelect(expr, `v_${name}`);
  const [innerSql, params] = inner.getQueryAndParameters();
  const select = [
    ...dims.map((d) => `s."d_${d.toLowerCase()}" AS "${d.toLowerCase()}"`),
    'COUNT(*)::int AS "count"',
    ...Object.keys(sums).map((name) => `COALESCE(SUM(s."v_${name}"), 0)::int AS "${name}"`),
  ];
  const group = dims.length ? `GROUP BY ${dims.map((d) => `s."d_${d.toLowerCase()}"`).join(', ')}` : '';
  return [`SELECT ${select.join(', ')} FROM (${innerSql}) s ${group}`, params];
}

/** Groups ordered by their dimension values; with no dimension, one total group unless nothing matched. */
async function groupedStats<T>(
  ctx: CountryContext,
  filtered: SelectQueryBuilder<ObjectLiteral>,
  groupBy: string[],
  sqlOf: Record<string, string>,
  sums: Record<string, string>,
  ungrouped: T,
): Promise<T[]> {
  const dims = [...new Set(groupBy)];
  const rows: Array<Record<string, unknown>> = await ctx.ds.query(...groupedSql(filtered, dims, sqlOf, sums));
  return rows
    .filter((r) => dims.length > 0 || (r.count as number) > 0)
    .map((r) => ({ ...ungrouped, ...r }) as T)
    .sort((a, b) => compareGroups(dims, a as never, b as never));
}

@Resolver()
export class StatsResolver {
  @Query(() => [EventStat])
  eventStats(
    @Ctx() ctx: CountryContext,
    @Arg('groupBy', () => [EventDimension]) groupBy: EventDimension[],
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter | null,
  ): Promise<EventStat[]> {
    if (excludesCountry(filter, ctx.country)) return Promise.resolve([]);
    const filtered = applyEventFilter(ctx.ds.getRepository(Event).createQueryBuilder('e'), filter);
    return groupedStats<EventStat>(ctx, filtered as never, groupBy, EVENT_DIMENSION_SQL, { participantCount: 'e.participant_count' }, {
      country: null, year: null, type: null, theme: null, count: 0, participantCount: 0,
    });
  }

  @Query(() => [ProgrammeStat])
  programmeStats(
    @Ctx() ctx: CountryContext,
    @Arg('groupBy', () => [ProgrammeDimension]) groupBy: ProgrammeDimension[],
    @Arg('filter', () => ProgrammeFilter, { nullable: true }) filter?: ProgrammeFilter | null,
  ): Promise<ProgrammeStat[]> {
    if (excludesCountry(filter, ctx.country)) return Promise.resolve([]);
    const filtered = applyProgrammeFilter(ctx.ds.getRepository(Programme).createQueryBuilder('p'), filter);
    return groupedStats<ProgrammeStat>(ctx, filtered as never, groupBy, PROGRAMME_DIMENSION_SQL, {}, {
      country: null, status: null, theme: null, count: 0,
    });
  }
}

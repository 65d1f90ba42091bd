import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { EventDimension, ProgrammeDimension } from '../../../shared/enums.js';
import { compareGroups } from '../../../shared/ordering.js';
import type { CountryContext } from '../context.js';
import { applyEventFilter, applyProgrammeFilter, excludesCountry } from '../data/filters.js';
import { Event } from '../entities/event.entity.js';
import { Programme } from '../entities/programme.entity.js';
import { EventStat, ProgrammeStat } from '../entities/stats.js';
import { EventFilter, ProgrammeFilter } from '../inputs/filters.js';

const EVENT_DIMENSION_SQL: Record<EventDimension, string> = {
  COUNTRY: 's.country',
  YEAR: 'EXTRACT(YEAR FROM s.start_date)::int',
  TYPE: 's.type',
  THEME: 't.theme',
};
const PROGRAMME_DIMENSION_SQL: Record<ProgrammeDimension, string> = {
  COUNTRY: 's.country',
  STATUS: 's.status',
  THEME: 't.theme',
};

/** Records without themes still count once, under a null theme, when grouped by THEME. */
const THEMES_JOIN = `LEFT JOIN LATERAL unnest(CASE WHEN cardinality(s.themes) = 0 THEN ARRAY[NULL]::text[] ELSE s.themes END) AS t(theme) ON true`;

function groupSql(dims: string[], sqlOf: Record<string, string>) {
  const select = dims.map((d) => `${sqlOf[d]} AS "${d.toLowerCase()}"`);
  return { select: select.length ? `${select.join(', ')}, ` : '', groupBy: dims.length ? `GROUP BY ${dims.map((d) => sqlOf[d]).join(', ')}` : '' };
}

@Resolver()
export class StatsResolver {
  @Query(() => [EventStat])
  async eventStats(
    @Ctx() ctx: CountryContext,
    @Arg('groupBy', () => [EventDimension]) groupBy: EventDimension[],
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter | null,
  ): Promise<EventStat[]> {
    if (excludesCountry(filter, ctx.country)) return [];
    const dims = [...new Set(groupBy)];
    const [subquery, params] = applyEventFilter(ctx.ds.getRepository(Event).createQueryBuilder('e'), filter).select('e.id').getQueryAndParameters();
    const { select, groupBy: group } = groupSql(dims, EVENT_DIMENSION_SQL);
    const rows: Array<Record<string, unknown>> = await ctx.ds.query(
      `SELECT ${select}COUNT(*)::int AS count, COALESCE(SUM(s.participant_count), 0)::int AS "participantCount"
       FROM event s ${dims.includes(EventDimension.THEME) ? THEMES_JOIN : ''}
       WHERE s.id IN (${subquery}) ${group}`,
      params,
    );
    const stats = rows
      .filter((r) => dims.length > 0 || (r.count as number) > 0)
      .map((r) => ({ country: null, year: null, type: null, theme: null, ...r }) as EventStat);
    return stats.sort((a, b) => compareGroups(dims, a as never, b as never));
  }

  @Query(() => [ProgrammeStat])
  async programmeStats(
    @Ctx() ctx: CountryContext,
    @Arg('groupBy', () => [ProgrammeDimension]) groupBy: ProgrammeDimension[],
    @Arg('filter', () => ProgrammeFilter, { nullable: true }) filter?: ProgrammeFilter | null,
  ): Promise<ProgrammeStat[]> {
    if (excludesCountry(filter, ctx.country)) return [];
    const dims = [...new Set(groupBy)];
    const [subquery, params] = applyProgrammeFilter(ctx.ds.getRepository(Programme).createQueryBuilder('p'), filter).select('p.id').getQueryAndParameters();
    const { select, groupBy: group } = groupSql(dims, PROGRAMME_DIMENSION_SQL);
    const rows: Array<Record<string, unknown>> = await ctx.ds.query(
      `SELECT ${select}COUNT(*)::int AS count
       FROM programme s ${dims.includes(ProgrammeDimension.THEME) ? THEMES_JOIN : ''}
       WHERE s.id IN (${subquery}) ${group}`,
      params,
    );
    const stats = rows
      .filter((r) => dims.length > 0 || (r.count as number) > 0)
      .map((r) => ({ country: null, status: null, theme: null, ...r }) as ProgrammeStat);
    return stats.sort((a, b) => compareGroups(dims, a as never, b as never));
  }
}

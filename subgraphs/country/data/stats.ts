import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { compareGroupKeys } from '../../../contract/ordering.js';
import type { CountryContext } from '../context.js';

/** Records without themes still count once, under a null theme, when grouped by THEME. */
export const themesOf = (alias: string) => `unnest(CASE WHEN cardinality(${alias}.themes) = 0 THEN ARRAY[NULL]::text[] ELSE ${alias}.themes END)`;

/**
 * One scan: the filtered rows project their dimension values (THEME unnests, one row per
 * theme) in a subquery, and the outer query groups them. Returns the SQL and its parameters.
 * A row stands for `weight` records (a summary row's count) or, without one, for itself.
 */
function groupedSql(
  filtered: SelectQueryBuilder<ObjectLiteral>,
  dims: string[],
  sqlOf: Record<string, string>,
  sums: Record<string, string>,
  weight?: string,
): [string, unknown[]] {
  const inner = filtered.select(weight ?? '1', 'weight');
  for (const d of dims) inner.addSelect(sqlOf[d], `d_${d.toLowerCase()}`);
  for (const [name, expr] of Object.entries(sums)) inner.addSelect(expr, `v_${name}`);
  const [innerSql, params] = inner.getQueryAndParameters();
  const select = [
    ...dims.map((d) => `s."d_${d.toLowerCase()}" AS "${d.toLowerCase()}"`),
    weight ? 'COALESCE(SUM(s."weight"), 0)::int AS "count"' : 'COUNT(*)::int AS "count"',
    ...Object.keys(sums).map((name) => `COALESCE(SUM(s."v_${name}"), 0)::int AS "${name}"`),
  ];
  const group = dims.length ? `GROUP BY ${dims.map((d) => `s."d_${d.toLowerCase()}"`).join(', ')}` : '';
  return [`SELECT ${select.join(', ')} FROM (${innerSql}) s ${group}`, params];
}

/**
 * Groups of the filtered rows by `groupBy` (each dimension's SQL in `sqlOf`, its row field the
 * dimension's lower-cased name), with a count and the `sums`; ordered by their key values, nulls
 * last. With no dimension: one total group unless nothing matched. `weight`: see groupedSql.
 */
export async function groupedStats<T>(
  ctx: CountryContext,
  filtered: SelectQueryBuilder<ObjectLiteral>,
  groupBy: string[],
  sqlOf: Record<string, string>,
  sums: Record<string, string>,
  ungrouped: T,
  weight?: string,
): Promise<T[]> {
  const dims = [...new Set(groupBy)];
  const rows: Array<Record<string, unknown>> = await ctx.db.query(...groupedSql(filtered, dims, sqlOf, sums, weight));
  const keys = (r: Record<string, unknown>) => dims.map((d) => r[d.toLowerCase()]);
  return rows
    .filter((r) => dims.length > 0 || (r.count as number) > 0)
    .sort((a, b) => compareGroupKeys(keys(a), keys(b)))
    .map((r) => ({ ...ungrouped, ...r }) as T);
}

import type { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { badInput } from '../../../../contract/errors.js';
import type { CountryContext } from '../../context.js';

/** Creates are accepted only for the node's own country (the gateway routes by `input.country`). */
export function assertNodeCountry(ctx: CountryContext, country: string, field = 'input.country'): void {
  if (country !== ctx.country) {
    throw badInput(`This node serves ${ctx.country}; ${country} records are written on the ${country} node`, field);
  }
}

/**
 * Every id must be a row of `table` on this node. Another country's id is refused with its own
 * message (references never cross nodes). Rows found are share-locked so a concurrent delete
 * waits for this transaction instead of breaking the reference.
 */
export async function assertRefs(
  m: EntityManager,
  ctx: CountryContext,
  table: 'programme' | 'organisation' | 'event',
  ids: string[],
  field: string,
): Promise<void> {
  if (!ids.length) return;
  for (const id of ids) {
    if (!id.startsWith(`${ctx.country}:`)) {
      throw badInput(
        `${field}: ${id} is not a ${ctx.country} record; references stay within a country, so a ${ctx.country} record can only refer to ${ctx.country} ${table}s`,
        field,
      );
    }
  }
  const rows: Array<{ id: string }> = await m.query(`SELECT id FROM ${table} WHERE id = ANY($1) FOR KEY SHARE`, [ids]);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw badInput(`${field}: no ${table} ${missing.join(', ')} on the ${ctx.country} node`, field);
}

/** A delete refused because other records still point at the row; says which, so the editor can fix them. */
export function stillReferenced(id: string, references: Array<{ what: string; ids: string[] }>): GraphQLError | null {
  const parts = references
    .filter((r) => r.ids.length)
    .map((r) => {
      const sample = r.ids.slice(0, 3).join(', ');
      return `${r.ids.length} ${r.what} (${sample}${r.ids.length > 3 ? ', …' : ''})`;
    });
  if (!parts.length) return null;
  return badInput(`${id} is still referenced by ${parts.join(' and ')}; change or delete those first`, 'id');
}

/** Records that refer to `id`, by kind: what a delete would break. */
const REFERENCES: Record<'programme' | 'organisation' | 'event', Array<{ what: string; sql: string }>> = {
  programme: [
    { what: 'events', sql: 'SELECT id FROM event WHERE programme_id = $1 ORDER BY id' },
    { what: 'partnerships', sql: 'SELECT id FROM partnership WHERE programme_id = $1 ORDER BY id' },
    { what: 'people (as a role)', sql: 'SELECT DISTINCT person_id AS id FROM person_role WHERE programme_id = $1 ORDER BY person_id' },
  ],
  organisation: [
    {
      what: 'events (as organiser, participant or supporter)',
      sql: 'SELECT DISTINCT event_id AS id FROM event_organisation WHERE organisation_id = $1 ORDER BY event_id',
    },
    { what: 'partnerships', sql: 'SELECT id FROM partnership WHERE organisation_id = $1 ORDER BY id' },
    { what: 'people (as a role)', sql: 'SELECT DISTINCT person_id AS id FROM person_role WHERE organisation_id = $1 ORDER BY person_id' },
    { what: 'organisations (as their parent)', sql: 'SELECT id FROM organisation WHERE parent_id = $1 ORDER BY id' },
  ],
  event: [{ what: 'people (as a role)', sql: 'SELECT DISTINCT person_id AS id FROM person_role WHERE event_id = $1 ORDER BY person_id' }],
};

/** The foreign keys are ON DELETE RESTRICT; listing the referrers first gives the editor a useful message. */
export async function referencesTo(m: EntityManager, table: keyof typeof REFERENCES, id: string): Promise<Array<{ what: string; ids: string[] }>> {
  const out: Array<{ what: string; ids: string[] }> = [];
  for (const { what, sql } of REFERENCES[table]) {
    const rows: Array<{ id: string }> = await m.query(sql, [id]);
    out.push({ what, ids: rows.map((r) => r.id) });
  }
  return out;
}

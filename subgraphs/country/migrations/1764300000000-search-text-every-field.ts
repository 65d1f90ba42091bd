import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventSearchText, organisationSearchText, personSearchText, programmeSearchText } from '../data/derive.js';

/**
 * Text search used to cover titles and summaries only; it now covers every localized field a
 * reader searches (objectives, outcomes, contacts' roles, organisations' descriptions and former
 * names, people's role titles, ...), as derive.ts defines. This recomputes search_text for the rows
 * already stored.
 * Only search_text changes: updated_at and version stay, because no content changed (an editor's
 * optimistic lock and a BI tool's incremental refresh must not see a derived column's rewrite).
 */
export class SearchTextEveryField1764300000000 implements MigrationInterface {
  name = 'SearchTextEveryField1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await recomputeSearchText(q);
  }

  async down(): Promise<void> {
    // Nothing to undo: search_text is derived, and a wider one only lets the older code find more.
  }
}

interface Table {
  name: string;
  /** Columns the derivation reads, snake_case in the table, camelCase in the derivation's input. */
  columns: Record<string, string>;
  /** Computed inputs beside the columns (SQL over the row aliased `t`), e.g. a person's role titles. */
  computed?: Record<string, string>;
  // Each derivation takes its own record shape; the rows read here are untyped query results.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  derive: (row: any) => string;
}

const TABLES: Table[] = [
  { name: 'event', columns: { title: 'title', summary: 'summary', outcomes: 'outcomes' }, derive: eventSearchText },
  {
    name: 'programme',
    columns: { code: 'code', title: 'title', summary: 'summary', objectives: 'objectives', activities: 'activities', contacts: 'contacts' },
    derive: programmeSearchText,
  },
  {
    name: 'organisation',
    columns: { name: 'name', acronym: 'acronym', about: 'about', former_names: 'formerNames' },
    derive: organisationSearchText,
  },
  {
    name: 'person',
    columns: { name: 'name', name_variants: 'nameVariants' },
    computed: {
      roles: `COALESCE((SELECT jsonb_agg(jsonb_build_object('title', r.title) ORDER BY r.position) FROM person_role r WHERE r.person_id = t.id), '[]')`,
    },
    derive: personSearchText,
  },
];

/**
 * Recomputes search_text of every row of the node's searchable tables, a batch of `batchSize` rows
 * at a time in id order (bounded memory on large tables), writing only rows whose text changed.
 * Columns a table does not have yet (e.g. activities before the entity gains it) are skipped, so a
 * later migration that adds a searchable column can call this again.
 */
export async function recomputeSearchText(q: QueryRunner, batchSize = 1000): Promise<number> {
  let changed = 0;
  for (const table of TABLES) {
    const present: Array<{ column_name: string }> = await q.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
      [table.name],
    );
    const existing = new Set(present.map((c) => c.column_name));
    if (!existing.has('search_text')) continue;
    const columns = Object.keys(table.columns).filter((c) => existing.has(c));
    const select = [
      ...columns.map((c) => `t."${c}" AS "${table.columns[c]}"`),
      ...Object.entries(table.computed ?? {}).map(([as, sql]) => `${sql} AS "${as}"`),
    ].join(', ');
    let after = '';
    for (;;) {
      const rows: Array<Record<string, unknown> & { id: string; search_text: string }> = await q.query(
        `SELECT t.id, t.search_text, ${select} FROM "${table.name}" AS t WHERE t.id > $1 ORDER BY t.id LIMIT $2`,
        [after, batchSize],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      const updates = rows.map((row) => ({ id: row.id, text: table.derive(row) })).filter((u, i) => u.text !== rows[i].search_text);
      if (updates.length) {
        await q.query(
          `UPDATE "${table.name}" AS t SET search_text = v.text
             FROM unnest($1::text[], $2::text[]) AS v(id, text) WHERE t.id = v.id`,
          [updates.map((u) => u.id), updates.map((u) => u.text)],
        );
        changed += updates.length;
      }
    }
  }
  return changed;
}

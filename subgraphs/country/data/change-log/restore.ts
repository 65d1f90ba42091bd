import { QueryFailedError } from 'typeorm';
import { versionConflict } from '../../../../contract/errors.js';
import type { CountryContext } from '../../context.js';
import type { RecordValues } from '../../entities/revision.entity.js';
import { LINK_FIELDS, NESTED_FIELDS } from './snapshot.js';

/** The column values of a kept record content, to assign to its entity. */
export function columnsOf(values: RecordValues): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => !NESTED_FIELDS.has(name)));
}

/**
 * Whether this write is a retry whose outcome is stored under its Idempotency-Key (see
 * data/write/idempotency.ts): the write path will then answer that outcome without running, so a
 * restore must not first refuse the retry because the record has moved on (to the version the
 * first attempt wrote). The claim inside the write transaction stays the authority.
 */
export async function isReplay(ctx: CountryContext): Promise<boolean> {
  const claim = ctx.idempotency;
  if (!claim) return false;
  const rows: unknown[] = await ctx.db.query(
    'SELECT 1 FROM idempotency_key WHERE key = $1 AND scope = $2 AND fingerprint = $3 AND outcome IS NOT NULL AND expires_at > now()',
    [claim.key, claim.scope, claim.fingerprint],
  );
  return rows.length > 0;
}

/**
 * Runs a restore or an undelete through the ordinary write path (so it is validated, version
 * checked, idempotent and logged like any write); its revision names the version it brings back.
 * An undelete that finds the id taken again (a concurrent undelete or a create of the same id)
 * is a version conflict, not a database error.
 */
export async function restoring<T>(ctx: CountryContext, version: number, id: string, expectedVersion: number, write: () => Promise<T>): Promise<T> {
  ctx.restoring = version;
  try {
    return await write();
  } catch (error) {
    if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505') {
      throw versionConflict(id, expectedVersion, -1);
    }
    throw error;
  } finally {
    ctx.restoring = undefined;
  }
}

/** An event's organisations of every role, from its kept values, as the write path takes them. */
export function keptLinks(values: RecordValues): Record<keyof typeof LINK_FIELDS, string[]> {
  return Object.fromEntries(Object.entries(LINK_FIELDS).map(([role, field]) => [role, (values[field] as string[] | undefined) ?? []])) as Record<
    keyof typeof LINK_FIELDS,
    string[]
  >;
}

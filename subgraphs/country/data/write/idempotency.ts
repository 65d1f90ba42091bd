import { createHash } from 'node:crypto';
import type { MiddlewareFn } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { badInput, ErrorCode } from '../../../../contract/errors.js';
import { GraphQLError } from 'graphql';
import type { CountryContext, IdempotencyClaim } from '../../context.js';

/**
 * Writes happen at most once per Idempotency-Key (IETF httpapi draft "The Idempotency-Key HTTP
 * Header Field"): the key, the mutation field it covers, a fingerprint of the request and the
 * outcome are stored in the write's own transaction. A retry with the same key and the same
 * request gets the original outcome and writes nothing; the same key with another request is
 * refused. Keys expire after a configurable time.
 */

/** What is stored of a write's result: a record's id (read back on replay) or a plain value (a deleted id). */
export type StoredOutcome = { id: string } | { value: unknown };

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted, so equal requests have equal fingerprints whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Applied to every mutation resolver: names the write's claim when the request carries a key. */
export const IdempotentWrite: MiddlewareFn<CountryContext> = async ({ context, info, args }, next) => {
  const key = context.idempotencyKey;
  if (key === undefined) return next();
  if (!KEY_SHAPE.test(key)) throw badInput('Idempotency-Key must be 1 to 255 visible ASCII characters', 'Idempotency-Key');
  const who = context.principal.kind === 'user' ? context.principal.sub : context.principal.kind;
  context.idempotency = {
    key,
    scope: String(info.path.key),
    fingerprint: createHash('sha256')
      .update(canonical([info.fieldName, args, who]))
      .digest('hex'),
    ttlMs: context.idempotencyTtlMs,
  };
  try {
    return await next();
  } finally {
    context.idempotency = undefined;
  }
};

/**
 * Claims the key for this write, inside its transaction. A concurrent request with the same key
 * waits on the claim until this transaction ends. Returns the earlier outcome when there is one.
 */
export async function claimKey(m: EntityManager, claim: IdempotencyClaim): Promise<{ replay: StoredOutcome } | null> {
  const inserted: unknown[] = await m.query(
    `INSERT INTO idempotency_key (key, scope, fingerprint, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
     ON CONFLICT (key, scope) DO NOTHING RETURNING key`,
    [claim.key, claim.scope, claim.fingerprint, claim.ttlMs],
  );
  if (inserted.length) return null;
  const [row]: Array<{ fingerprint: string; outcome: StoredOutcome | null; expired: boolean }> = await m.query(
    'SELECT fingerprint, outcome, expires_at < now() AS expired FROM idempotency_key WHERE key = $1 AND scope = $2 FOR UPDATE',
    [claim.key, claim.scope],
  );
  if (row.expired || row.outcome === null) {
    // An expired key is a new key.
    await m.query(
      `UPDATE idempotency_key SET fingerprint = $3, outcome = NULL, created_at = now(), expires_at = now() + $4 * interval '1 millisecond' WHERE key = $1 AND scope = $2`,
      [claim.key, claim.scope, claim.fingerprint, claim.ttlMs],
    );
    return null;
  }
  if (row.fingerprint !== claim.fingerprint) {
    throw new GraphQLError('This Idempotency-Key was already used for a different request; use a new key for a new request', {
      extensions: { code: ErrorCode.IDEMPOTENCY_KEY_REUSED, writeOutcome: 'NOT_APPLIED' },
    });
  }
  return { replay: row.outcome };
}

export async function recordOutcome(m: EntityManager, claim: IdempotencyClaim, result: unknown): Promise<void> {
  const outcome: StoredOutcome =
    result && typeof result === 'object' && typeof (result as { id?: unknown }).id === 'string' ? { id: (result as { id: string }).id } : { value: result };
  await m.query('UPDATE idempotency_key SET outcome = $3 WHERE key = $1 AND scope = $2', [claim.key, claim.scope, JSON.stringify(outcome)]);
}

/** Expired keys are forgotten (the node runs this now and then). */
export async function purgeExpiredKeys(m: Pick<EntityManager, 'query'>): Promise<void> {
  await m.query('DELETE FROM idempotency_key WHERE expires_at < now()');
}

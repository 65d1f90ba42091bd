import { randomBytes } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { QueryFailedError, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { badInput, notFound, versionConflict } from '../../../shared/errors.js';
import { TextOrigin } from '../../../shared/enums.js';
import type { LocalizedText, LocalizedTextInput, SourceRef, SourceRefInput } from '../../../shared/localized-text.js';
import type { CountryContext } from '../context.js';
import { now } from './derive.js';

/** The id segment naming a record's kind: `KG:EVT:…`. */
export type Kind = 'EVT' | 'PRG' | 'ORG' | 'PSH';

/** Tables whose rows carry `id` and `version`; named in SQL, so kept to this closed list. */
export type VersionedTable = 'event' | 'programme' | 'organisation' | 'partnership';

const LANG_TAG = /^[a-z]{2,3}$/;
const MAX_SLUG = 60;

// ---------------------------------------------------------------------------------------------
// Transactions

/**
 * Runs one mutation in one transaction. Loaders are cleared afterwards (committed or not) so
 * nothing later in the same request reads rows cached before the write. A foreign-key failure
 * that slipped past the explicit checks (a concurrent delete) becomes BAD_USER_INPUT, not SQL.
 */
export async function runWrite<T>(ctx: CountryContext, work: (m: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await ctx.ds.transaction(work);
  } catch (error) {
    if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23503') {
      throw badInput('A record this write refers to was removed, or a record it removes is still referenced; reload and retry');
    }
    throw error;
  } finally {
    clearLoaders(ctx);
  }
}

/** Drops every request-scoped cache, so resolvers after a write read the database again. */
export function clearLoaders(ctx: CountryContext): void {
  for (const loader of Object.values(ctx.loaders)) loader.clearAll();
}

/** Creates are accepted only for the node's own country (the gateway routes by `input.country`). */
export function assertNodeCountry(ctx: CountryContext, country: string, field = 'input.country'): void {
  if (country !== ctx.country) {
    throw badInput(`This node serves ${ctx.country}; ${country} records are written on the ${country} node`, field);
  }
}

/**
 * Locks the row (`SELECT … FOR UPDATE`) and checks its version, so two concurrent writes with
 * the same expectedVersion cannot both pass. Another country's id is simply not here: NOT_FOUND.
 */
export async function lockForWrite<T extends ObjectLiteral & { id: string; version: number }>(
  m: EntityManager,
  entity: EntityTarget<T>,
  ctx: CountryContext,
  id: string,
  expectedVersion: number,
  label: string,
): Promise<T> {
  const missing = () => notFound(`No ${label} ${id} on the ${ctx.country} node`);
  if (!id.startsWith(`${ctx.country}:`)) throw missing();
  const row = await m.findOne(entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!row) throw missing();
  if (row.version !== expectedVersion) throw versionConflict(id, expectedVersion, row.version);
  return row;
}

/**
 * Writes every column of a locked row with version + 1 and a fresh updatedAt. The version in
 * the WHERE clause is a second guard; under the row lock it always matches.
 */
export async function saveVersioned<T extends ObjectLiteral & { id: string; version: number; updatedAt: Date }>(
  m: EntityManager,
  entity: EntityTarget<T>,
  row: T,
  expectedVersion: number,
): Promise<void> {
  row.version = expectedVersion + 1;
  row.updatedAt = now();
  const { id, ...values } = row;
  const result = await m
    .createQueryBuilder()
    .update(entity)
    .set(values as never)
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .execute();
  if (result.affected !== 1) throw versionConflict(id, expectedVersion, -1);
}

/** Deletes a row already locked by lockForWrite. */
export async function deleteRow(m: EntityManager, table: VersionedTable, id: string): Promise<void> {
  await m.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
}

// ---------------------------------------------------------------------------------------------
// Ids

const SPECIAL_LETTERS: Record<string, string> = {
  ə: 'e', Ə: 'e', ı: 'i', đ: 'd', Đ: 'd', ø: 'o', Ø: 'o', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ł: 'l', Ł: 'l', þ: 'th', ð: 'd',
};

/** Cuts a slug to `max` characters, at a hyphen when one is near the end, never leaving a dangling hyphen. */
export function truncateSlug(slug: string, max = MAX_SLUG): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const hyphen = cut.lastIndexOf('-');
  return (hyphen >= max / 2 ? cut.slice(0, hyphen) : cut).replace(/-+$/, '');
}

/** ASCII slug: diacritics dropped (Vietnamese, Azerbaijani and the like), anything else a hyphen. */
export function slugify(text: string, max = MAX_SLUG): string {
  const ascii = text
    .replace(/[əƏıđĐøØßæÆœŒłŁþð]/g, (c) => SPECIAL_LETTERS[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return truncateSlug(ascii, max);
}

/** True when the text has letters of a script other than Latin (Cyrillic, …), which slugify would drop. */
function hasNonLatinLetters(text: string): boolean {
  return /\p{L}/u.test(text.replace(/\p{Script=Latin}/gu, ''));
}

/**
 * Slug of a title: its English wording when there is one, else the original when it is in Latin
 * script; a Cyrillic title without a translation gets a short random slug rather than a lossy one.
 */
export function slugOf(text: LocalizedText): string {
  const english = text.originalLang === 'en' ? text.original : text.translations.find((t) => t.lang === 'en')?.text;
  const source = english ?? (hasNonLatinLetters(text.original) ? null : text.original);
  return (source && slugify(source)) || randomBytes(3).toString('hex');
}

/**
 * `base`, or `base-2`, `base-3`… when taken. A transaction-scoped advisory lock on the base id
 * serialises concurrent creates of the same slug, so two of them cannot pick the same id.
 */
export async function uniqueId(m: EntityManager, table: VersionedTable, base: string): Promise<string> {
  await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [base]);
  // Slugs hold only [a-z0-9-] and the prefix [A-Z:], so the LIKE pattern needs no escaping.
  const rows: Array<{ id: string }> = await m.query(`SELECT id FROM ${table} WHERE id = $1 OR id LIKE $2`, [base, `${base}-%`]);
  const taken = new Set(rows.map((r) => r.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

// ---------------------------------------------------------------------------------------------
// Input checks and conversion

function assertLang(lang: string, field: string): void {
  if (!LANG_TAG.test(lang)) {
    throw badInput(`${field} must be a lower-case ISO 639 language code such as en, ky or vi, got ${JSON.stringify(lang)}`, field);
  }
}

/** LocalizedTextInput → the stored LocalizedText shape, rejecting empty text and bad language tags. */
export function toLocalizedText(input: LocalizedTextInput, field: string): LocalizedText {
  assertLang(input.lang, `${field}.lang`);
  const original = input.text.trim();
  if (!original) throw badInput(`${field}.text must not be empty`, `${field}.text`);
  const seen = new Set([input.lang]);
  const translations = (input.translations ?? []).map((t, i) => {
    const at = `${field}.translations[${i}]`;
    assertLang(t.lang, `${at}.lang`);
    if (seen.has(t.lang)) throw badInput(`${at}.lang: ${t.lang} is given twice (the original counts)`, `${at}.lang`);
    seen.add(t.lang);
    const text = t.text.trim();
    if (!text) throw badInput(`${at}.text must not be empty`, `${at}.text`);
    return { lang: t.lang, text, origin: t.origin ?? TextOrigin.HUMAN };
  });
  return { original, originalLang: input.lang, translations };
}

/** As toLocalizedText; `null` stays null (clears the field). */
export function toOptionalLocalizedText(input: LocalizedTextInput | null | undefined, field: string): LocalizedText | null {
  return input ? toLocalizedText(input, field) : null;
}

/** SourceRefInput list → stored SourceRef list; a source must name its document. */
export function toSources(inputs: SourceRefInput[] | null | undefined, field: string): SourceRef[] {
  return (inputs ?? []).map((s, i) => {
    const document = s.document.trim();
    if (!document) throw badInput(`${field}[${i}].document must not be empty`, `${field}[${i}].document`);
    return { document, excerpt: s.excerpt ?? null };
  });
}

/** Free text such as city or acronym: trimmed; blank means "none". */
export function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Counts such as participantCount: null stays null (unknown), a negative number is refused. */
export function nonNegative(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (value < 0) throw badInput(`${field} must not be negative, got ${value}`, field);
  return value;
}

/** Fails unless `end` is on or after `start` (ISO dates compare as strings). */
export function assertDateOrder(start: string | null, end: string | null, field: string): void {
  if (start && end && end < start) throw badInput(`endDate (${end}) is before startDate (${start})`, field);
}

/** A patch may not null a field the schema marks non-null on the record. */
export function rejectNulls<T extends object>(patch: T, fields: ReadonlyArray<keyof T & string>, prefix: string): void {
  for (const field of fields) {
    if (patch[field] === null) {
      throw badInput(`${prefix}.${field} cannot be null; leave it out to keep the stored value`, `${prefix}.${field}`);
    }
  }
}

/** Order-preserving list of ids; a repeated id is a mistake worth reporting, not silently merging. */
export function distinctIds(ids: string[], field: string): string[] {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw badInput(`${field} lists ${id} twice`, field);
    seen.add(id);
  }
  return ids;
}

/** Enum lists such as themes: duplicates carry no meaning, so they are dropped, order kept. */
export function distinctValues<T>(values: T[] | null | undefined): T[] {
  return [...new Set(values ?? [])];
}

/** Programme links must be absolute http(s) URLs; anything else would render as a broken link. */
export function httpUrls(links: string[], field: string): string[] {
  return links.map((link, i) => {
    let url: URL | undefined;
    try {
      url = new URL(link.trim());
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw badInput(`${field}[${i}] must be an http(s) URL, got ${JSON.stringify(link)}`, `${field}[${i}]`);
    }
    return link.trim();
  });
}

/** ILO convention numbers: positive integers, each once. */
export function positiveInts(values: number[], field: string): number[] {
  for (const [i, n] of values.entries()) {
    if (!Number.isInteger(n) || n <= 0) throw badInput(`${field}[${i}] must be a positive convention number, got ${n}`, `${field}[${i}]`);
  }
  return distinctIds(values.map(String), field).map(Number);
}

/**
 * Every id must be a row of `table` on this node. Another country's id is refused with its own
 * message (references never cross nodes). Rows found are share-locked so a concurrent delete
 * waits for this transaction instead of breaking the reference.
 */
export async function assertRefs(
  m: EntityManager,
  ctx: CountryContext,
  table: 'programme' | 'organisation',
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
  const parts = references.filter((r) => r.ids.length).map((r) => {
    const sample = r.ids.slice(0, 3).join(', ');
    return `${r.ids.length} ${r.what} (${sample}${r.ids.length > 3 ? ', …' : ''})`;
  });
  if (!parts.length) return null;
  return badInput(`${id} is still referenced by ${parts.join(' and ')}; change or delete those first`, 'id');
}

import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { LocalizedText } from '../../../../contract/localized-text.js';
import type { VersionedTable } from './transaction.js';

/** The id segment naming a record's kind: `KG:EVT:…`. */
export type Kind = 'EVT' | 'PRG' | 'ORG' | 'PSH' | 'PER';

const MAX_SLUG = 60;

const SPECIAL_LETTERS: Record<string, string> = {
  ə: 'e',
  Ə: 'e',
  ı: 'i',
  đ: 'd',
  Đ: 'd',
  ø: 'o',
  Ø: 'o',
  ß: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ł: 'l',
  Ł: 'l',
  þ: 'th',
  ð: 'd',
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
 * `base`, or `base-2`, `base-3`… when taken (by a record, or by the history of a deleted one). A transaction-scoped advisory lock on the base id
 * serialises concurrent creates of the same slug, so two of them cannot pick the same id.
 */
export async function uniqueId(m: EntityManager, table: VersionedTable, base: string): Promise<string> {
  await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [base]);
  // Slugs hold only [a-z0-9-] and the prefix [A-Z:], so the LIKE pattern needs no escaping.
  const rows: Array<{ id: string }> = await m.query(`SELECT id FROM ${table} WHERE id = $1 OR id LIKE $2`, [base, `${base}-%`]);
  const taken = new Set(rows.map((r) => r.id));
  // An id whose history is still in the change log (a deleted record that may be undeleted) is taken too.
  const logged = async (id: string) => (await m.query('SELECT 1 FROM change_log WHERE record_id = $1 LIMIT 1', [id])).length > 0;
  let n = 1;
  for (let id = base; ; id = `${base}-${++n}`) if (!taken.has(id) && !(await logged(id))) return id;
}

import { badInput } from '../../../../contract/errors.js';
import { TextOrigin } from '../../../../contract/enums.js';
import { EMAIL_PATTERN } from '../../../../contract/write-limits.js';
import type { LocalizedText, LocalizedTextInput, SourceRef, SourceRefInput } from '../../../../contract/localized-text.js';

// Checks and conversions of mutation input: pure, run before any transaction opens.

const LANG_TAG = /^[a-z]{2,3}$/;

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
    const note = s.note?.trim();
    return note ? { document, excerpt: s.excerpt ?? null, note } : { document, excerpt: s.excerpt ?? null };
  });
}

/** Free text such as city or acronym: trimmed; blank means "none". */
export function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** An e-mail address: trimmed, blank means none, and it must look like an address (contract/write-limits.ts). */
export function emailAddress(value: string | null | undefined, field: string): string | null {
  const email = optionalText(value);
  if (email !== null && !EMAIL_PATTERN.test(email))
    throw badInput(`${field} is not an e-mail address (expected name@domain, got ${JSON.stringify(email)})`, field);
  return email;
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

/**
 * The longest text and the largest list a write accepts. One module for the country node, which
 * refuses more with BAD_USER_INPUT (subgraphs/country/inputs/write-limits.ts), and for the
 * editor in the browser, which puts the same numbers in `maxlength` and says the same sentence.
 * Pure (no imports, no Node or DOM API), so both can import it.
 *
 * Lengths count UTF-16 code units, as `String.length` and the HTML `maxlength` attribute do (a
 * character beyond the Basic Multilingual Plane, such as an emoji, counts 2). The numbers leave
 * ample room above the longest values in the seed files (in brackets) while keeping one record
 * from being megabytes of text that would make every list showing it unusable.
 */
export const TEXT_LIMITS = {
  /** Record ids: `KG:EVT:` + a slug of at most 60 (57). */
  id: 100,
  /** A text's language: a BCP 47 tag is at most 35 (RFC 5646 §4.4.1); a node accepts only ISO 639 codes (2). */
  lang: 35,
  /** Titles and names: events, programmes, organisations, people, former names, role titles (119). */
  title: 500,
  /** Summaries, descriptions, objectives, activities, "about" paragraphs (934). */
  paragraph: 5000,
  /** A source's document name: a file name (24). */
  document: 255,
  /** A source's verbatim excerpt or note (574). */
  excerpt: 5000,
  /** City, venue, acronym, programme code, globalRef, phone (39). */
  short: 200,
  /** An e-mail address: 254, the longest path SMTP carries (RFC 5321 §4.5.3.1.3) (18). */
  email: 254,
  /** A programme link (149). */
  url: 2048,
} as const;

export const LIST_LIMITS = {
  /** Translations of one text: one per language (1). */
  translations: 20,
  /** Sources of one record (6). */
  sources: 50,
  /** Ids of organisers, participants or supporters of one event (11). */
  ids: 500,
  /** Recipient countries of a programme: there are 249 ISO 3166 codes (5). */
  countries: 250,
  /** Themes, of a record or of one objective (duplicates are dropped; 14 exist) (7). */
  themes: 50,
  /** ILO convention numbers: 191 conventions exist (2). */
  conventions: 200,
  /** Links of a programme (1). */
  links: 20,
  /** Objectives (and their lists of themes), activities, "about" paragraphs of one record (8). */
  paragraphs: 50,
  /** Former names or name variants (1). */
  names: 20,
  /** Roles of one person (2). */
  roles: 50,
} as const;

export type TextLimit = keyof typeof TEXT_LIMITS;
export type ListLimit = keyof typeof LIST_LIMITS;

/** The sentence both the node and the editor use: the field, its length and the limit. */
export function tooLongMessage(field: string, length: number, limit: number, unit: 'characters' | 'items' = 'characters'): string {
  return unit === 'items' ? `${field} has ${length} items; the limit is ${limit}` : `${field} is ${length} characters long; the limit is ${limit}`;
}

/**
 * An e-mail address as the node accepts it and the editor checks it: one @, something before it,
 * a dotted domain after it, no spaces. Deliberately loose (the mail system checks the rest); it
 * refuses what is plainly not an address ("name at example", "name@host").
 */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

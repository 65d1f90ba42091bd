/**
 * The interface text of every page comes from message catalogues (one per surface, in
 * web/shared/messages/), so a second working language is a catalogue, not a code change.
 * English is the reference: every key exists in English; another language may lack a key, and
 * then shows the English text (a test lists what is missing).
 *
 * Hand-written rather than a library: ICU-style plurals through the platform's Intl.PluralRules
 * and `{name}` placeholders are all the pages need, in a few lines and no bundle weight.
 */

export const UI_LANGUAGES = ['en', 'ru'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** A message: plain text with `{name}` placeholders, or plural forms chosen by the `count` parameter. */
export type Message = string | (Partial<Record<Intl.LDMLPluralRule, string>> & { other: string });

/** A surface's catalogue: English complete, other languages partial. */
export type Catalogue<K extends string> = { en: Record<K, Message> } & { [L in Exclude<UiLanguage, 'en'>]: Partial<Record<K, Message>> };

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

export type Params = Record<string, string | number>;

export function format(message: Message, lang: UiLanguage, params: Params = {}): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = Number(params.count ?? 0);
    text = message[new Intl.PluralRules(lang).select(count)] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translate function for one catalogue and language: `t('saved', { title })`. */
export function translator<K extends string>(catalogue: Catalogue<K>, lang: UiLanguage): (key: K, params?: Params) => string {
  return (key, params) => format(catalogue[lang][key] ?? catalogue.en[key], lang, params);
}

/** Keys a language lacks, for the catalogue test. */
export function missingKeys<K extends string>(catalogue: Catalogue<K>, lang: UiLanguage): K[] {
  return (Object.keys(catalogue.en) as K[]).filter((key) => catalogue[lang][key] === undefined);
}

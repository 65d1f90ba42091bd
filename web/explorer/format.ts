/** Record values as a reader sees them. Pure (no DOM). */

export interface Text {
  text?: string;
  en?: string;
  original: string;
  originalLang: string;
  translations?: Array<{ lang: string; text: string; origin: string }>;
}

/** The wording shown: the original as written, or the text in the reader's language (the API falls back to English, then the original). */
export function shown(text: Text | null | undefined, mode: 'translated' | 'original'): string {
  if (!text) return '';
  return mode === 'original' ? text.original : (text.text ?? text.en ?? text.original);
}

/** The `lang` attribute of what `shown` returns, so screen readers pronounce it right. */
export function shownLang(text: Text | null | undefined, mode: 'translated' | 'original', readerLang: string): string | undefined {
  if (!text) return undefined;
  if (mode === 'original') return text.originalLang;
  const value = shown(text, mode);
  if (value === text.original && text.originalLang) return text.originalLang;
  return text.translations?.find((t) => t.text === value)?.lang ?? readerLang;
}

/** A date at the precision the source gives it: 2017-02-08, 2016-11, 2017; null when undated. */
export function dateAt(date: string | null | undefined, precision: string | null | undefined): string | null {
  if (!date) return null;
  if (precision === 'YEAR') return date.slice(0, 4);
  if (precision === 'MONTH') return date.slice(0, 7);
  return date;
}

/** A period: one date, or start–end when they differ at the precision shown. */
export function period(start: string | null | undefined, end: string | null | undefined, precision: string | null | undefined): string | null {
  const a = dateAt(start, precision);
  const b = dateAt(end, precision);
  if (!a) return b ? `… – ${b}` : null;
  return b && b !== a ? `${a} – ${b}` : a;
}

/** The latest of some ISO date-times, or null. */
export function latest(values: Array<string | null | undefined>): string | null {
  return (
    values
      .filter((v): v is string => Boolean(v))
      .sort()
      .at(-1) ?? null
  );
}

/** Every year from the first to the last given, so a chart or table never hides an empty year. */
export function yearSpan(years: number[]): number[] {
  if (!years.length) return [];
  const min = Math.min(...years);
  const max = Math.max(...years);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

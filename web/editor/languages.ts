/** A country as the regional subgraph describes it: its name's original language is the office's language. */
export interface CountryFacts {
  code: string;
  name: { text: string; originalLang: string };
}

/**
 * The languages a text's original may be in, the office's own first: taken from the countries'
 * configuration (each country's name is kept in its language), so an office added by
 * configuration (Tajikistan, `tg`) offers its language with no change to the page. English and
 * Russian, the region's working languages, follow; then the other offices' languages.
 */
export function officeLanguages(country: string, countries: CountryFacts[]): string[] {
  const own = countries.find((c) => c.code === country)?.name.originalLang;
  const all = [own, 'en', 'ru', ...countries.map((c) => c.name.originalLang)].filter((l): l is string => Boolean(l));
  return [...new Set(all)];
}

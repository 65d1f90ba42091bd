/**
 * The regional overview's one read. The page sends it (web/overview), and a gateway keeps its
 * last known data current (LAST_KNOWN_WARM, gateway/last-known/warm.ts): during an office's
 * outage the overview is what the region looks at first. Both must send the same text and
 * variables, as the gateway keeps each node's part under the exact sub-request it sent.
 */
const TEXT = 'text(lang: $lang) en: text(lang: "en") original originalLang';

/** Every figure the page shows, in one GET (cacheable; the variables are part of the URL). */
export const OVERVIEW_QUERY = `query Overview($countries: [CountryCode!], $lang: String) {
  countries { code name { ${TEXT} }
    events(first: 1, orderBy: UPDATED_AT_DESC) { totalCount nodes { updatedAt } }
    programmes(first: 1, orderBy: UPDATED_AT_DESC) { totalCount nodes { updatedAt } }
    partnerships(first: 0) { totalCount } }
  byYear: eventStats(groupBy: [COUNTRY, YEAR], filter: { countries: $countries }) { country year count }
  byType: eventStats(groupBy: [TYPE], filter: { countries: $countries }) { type count }
  programmes(filter: { countries: $countries }, orderBy: START_DATE_ASC, first: 500) { totalCount
    nodes { id code country { code } status startDate endDate datePrecision title { ${TEXT} } } }
  organisationReach(minCountries: 2, filter: { countries: $countries }) { globalRef countries
    organisations { id acronym country { code } name { ${TEXT} } } }
}`;

/** The interface languages the pages speak (web/shared/i18n.ts UI_LANGUAGES, checked by a test). */
export const OVERVIEW_LANGUAGES = ['en', 'ru'] as const;

/** The overview as a page first opens it (all countries), in each interface language. */
export function overviewOpenings(): Array<{ query: string; variables: Record<string, unknown> }> {
  return OVERVIEW_LANGUAGES.map((lang) => ({ query: OVERVIEW_QUERY, variables: { countries: null, lang } }));
}

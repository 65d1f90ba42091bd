/** The GraphQL requests the benchmark sends, as ready-to-post JSON bodies. */

const PAGE = `query Page($first: Int!, $after: String, $filter: EventFilter) {
  events(first: $first, after: $after, filter: $filter) {
    edges { node { id title { original } startDate datePrecision type city } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const STATS = `query Stats { eventStats(groupBy: [COUNTRY, YEAR]) { country year count participantCount } }`;

const ONE_EVENT = `query One($id: ID!) {
  event(id: $id) {
    id
    title { original originalLang translations { lang text } }
    startDate endDate datePrecision type city online participantCount themes
    programme { id code title { original } status }
    organisers { id acronym name { original } }
    participants { id name { original } }
  }
}`;

const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });

/** Cross-country page of events, newest first; from 2016 on unless `filtered` is false. */
export const pageBody = (first: number, after: string | null = null, filtered = true) =>
  body(PAGE, { first, after, filter: filtered ? { from: '2016-01-01' } : null });
export const statsBody = () => body(STATS);
/** One event by id, with nested programme and organisations (an entity query). */
export const eventBody = (id: string) => body(ONE_EVENT, { id });

/**
 * The pages' GraphQL client: plain fetch against this gateway's public endpoint. Reads go out
 * as GET (cacheable by the browser and any CDN when anonymous); writes as JSON POST. Errors
 * are returned beside the data, never thrown, because a partial answer (a country down) is
 * still an answer the pages show. A client library would add a normalised cache the pages do
 * not need; the client guide (docs/clients.md) covers Apollo Client and urql for real applications.
 */

import { countryParts, type CountryPart } from './country-parts';

export type { CountryPart };

export interface GraphQLErrorShape {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; country?: string; field?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors: GraphQLErrorShape[];
  /** No answer at all (network down, connection reset): the outcome of a write is unknown. */
  networkError?: string;
  status?: number;
  /** How each country's part was answered (`extensions.countries`, docs/clients.md "Offline offices"); absent from older gateways. */
  countries?: CountryPart[];
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Accept a country's last known data while its office is offline (issue 28). Off unless a page
   * asks: a page that reads COUNTRY_UNAVAILABLE only as "left out" would otherwise show stale
   * figures as current, and the editor must read what is.
   */
  acceptStale?: boolean;
}

const ENDPOINT = new URL('graphql', document.baseURI);

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<GraphQLResult<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: 'application/graphql-response+json, application/json',
    // A page that cannot show an office's last known data as such refuses it (RFC 9111 max-stale=0), so what it says stays true.
    ...(options.acceptStale ? {} : { 'cache-control': 'max-stale=0' }),
    ...options.headers,
  };
  let url = ENDPOINT.toString();
  let body: string | undefined;
  if (method === 'GET') {
    const params = new URLSearchParams({ query: query.replace(/\s+/g, ' ').trim(), variables: JSON.stringify(variables) });
    url = `${url}?${params}`;
  } else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify({ query, variables });
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, signal: options.signal });
  } catch (error) {
    return { errors: [], networkError: (error as Error).message || 'network error' };
  }
  let payload: { data?: T | null; errors?: GraphQLErrorShape[]; extensions?: { countries?: unknown } };
  try {
    payload = await response.json();
  } catch {
    return { errors: [{ message: `The server answered HTTP ${response.status} without a GraphQL body` }], status: response.status };
  }
  const countries = countryParts(payload.extensions?.countries);
  return { data: payload.data, errors: payload.errors ?? [], status: response.status, ...(countries ? { countries } : {}) };
}

/** The codes of errors saying a country's part of the answer is missing (its node down, or its answer refused). */
export const COUNTRY_MISSING_CODES: readonly string[] = ['COUNTRY_UNAVAILABLE', 'COUNTRY_BAD_RESPONSE'];

/** Countries named by COUNTRY_UNAVAILABLE or COUNTRY_BAD_RESPONSE errors, each once, in code order. */
export function unavailableCountries(errors: GraphQLErrorShape[]): string[] {
  const codes = errors.filter((e) => COUNTRY_MISSING_CODES.includes(String(e.extensions?.code))).map((e) => String(e.extensions?.country ?? '?'));
  return [...new Set(codes)].sort();
}

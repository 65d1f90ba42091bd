import type { GraphQLFormattedError } from 'graphql';
import { countryUnavailable } from '../../shared/errors.js';

/**
 * The errors of one subgraph fetch. A node that gave no answer is reported once per client
 * request (across all fetches of that request), and the same error reported by several nodes
 * (e.g. a bad argument every node rejects) is kept once, listing every country that sent it.
 */
export class FetchErrors {
  readonly list: GraphQLFormattedError[] = [];
  private readonly byIdentity = new Map<string, GraphQLFormattedError>();

  constructor(private readonly reportedCountries: Set<string>) {}

  add(error: GraphQLFormattedError): void {
    const identity = JSON.stringify([error.message, error.extensions?.code, error.path]);
    const seen = this.byIdentity.get(identity);
    if (!seen) {
      this.byIdentity.set(identity, error);
      this.list.push(error);
      return;
    }
    const country = error.extensions?.country;
    if (typeof country !== 'string' || !seen.extensions) return;
    const countries = (seen.extensions.countries as string[] | undefined) ?? [String(seen.extensions.country)];
    if (!countries.includes(country)) (seen.extensions as Record<string, unknown>).countries = [...countries, country];
  }

  /** COUNTRY_UNAVAILABLE for `country`, unless this request already said so. */
  unavailable(country: string, reason: string): void {
    if (this.reportedCountries.has(country)) return;
    this.reportedCountries.add(country);
    this.add(countryUnavailable(country, reason).toJSON());
  }
}

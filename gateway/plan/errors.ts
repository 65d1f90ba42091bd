import type { GraphQLFormattedError } from 'graphql';
import { countryBadResponse, countryUnavailable, ErrorCode } from '../../contract/errors.js';
import type { NodeFailure } from '../transport/transport.js';

export type ResponsePath = ReadonlyArray<string | number>;

/**
 * The error a client sees for a country missing at `path` (COUNTRY_UNAVAILABLE, or
 * COUNTRY_BAD_RESPONSE when the node's answer was refused), with `extra` extensions.
 */
export function countryFailure(
  country: string,
  failure: NodeFailure,
  path: ResponsePath | undefined,
  extra: Record<string, unknown> = {},
): GraphQLFormattedError {
  const error = (failure.code === ErrorCode.COUNTRY_BAD_RESPONSE ? countryBadResponse : countryUnavailable)(country, failure.reason, extra).toJSON();
  return path ? { ...error, path } : error;
}

/**
 * The errors of one subgraph fetch. Every country that gave no answer is reported at each path
 * it leaves incomplete (a merged list, an aggregate, a field nulled for it), so a client can
 * tell which part of the answer is unknown; the same error reported by several nodes (e.g. a bad
 * argument every node rejects) is kept once, listing every country that sent it.
 */
export class FetchErrors {
  readonly list: GraphQLFormattedError[] = [];
  private readonly byIdentity = new Map<string, GraphQLFormattedError>();

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

  /**
   * The countries of `failures` are missing from what stands at `path`: one error each, every
   * one listing all of them in `missingCountries` (so any single error says what is unknown there).
   */
  missing(path: ResponsePath, failures: ReadonlyArray<readonly [country: string, failure: NodeFailure]>): void {
    const missingCountries = failures.map(([country]) => country);
    for (const [country, failure] of failures) this.add(countryFailure(country, failure, path, { missingCountries }));
  }
}

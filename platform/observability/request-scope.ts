import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ServiceMetrics } from './metrics.js';
import type { CountryPart as WireCountryPart } from '../../contract/last-known.js';

/**
 * What one HTTP request has gathered for its access line and metrics. It lives in
 * AsyncLocalStorage so that code deep in a request (the gateway's transport, the error
 * formatter, a cost-limit rule) can add to it without every layer passing it along.
 */
export interface RequestScope {
  id: string;
  /** The request's child logger (carries `requestId`). */
  log: Logger;
  metrics: ServiceMetrics;
  operationName?: string;
  operationType?: string;
  /** How the GraphQL operation went (see apollo-plugin.ts `outcomeOf`). */
  outcome?: string;
  /** Gateway: countries a sub-request was sent to. */
  countries: Set<string>;
  /** Countries reported COUNTRY_UNAVAILABLE or COUNTRY_BAD_RESPONSE to the client. */
  unavailable: Set<string>;
  /** Gateway: what the response cache answered: countries' sub-requests, `ALL` for a whole answer. */
  cached?: Set<string>;
  /** Gateway: how each country asked was answered (`extensions.countries`, gateway/last-known/parts.ts). */
  countryParts?: Map<string, CountryPart>;
}

/** One country's part of a gateway answer (its `extensions.countries` entry, keyed by country here). */
export type CountryPart = Omit<WireCountryPart, 'country'>;

const storage = new AsyncLocalStorage<RequestScope>();

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The request being served, when called from inside one. */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is kept only when it is short and plain: it goes into log lines and headers.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it is acceptable, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ACCEPTABLE_ID.test(value) ? value : randomUUID();
}

/**
 * For code that runs inside a request but has no handle on its service (e.g. a validation rule
 * built once for the gateway and the nodes): counts a cost-limit refusal on the service serving
 * the current request. Outside a request it does nothing.
 */
export function recordCostLimitRefusal(limit: string): void {
  currentScope()?.metrics.costLimitRefused(limit);
}

import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../contract/errors.js';

/** What a node answered: a GraphQL response (its errors are part of its answer). */
export interface NodeResponse {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

export interface NodeRequest {
  query: string;
  variables?: Record<string, unknown>;
  operation: 'query' | 'mutation';
  /** Epoch ms after which the caller no longer waits; the node is told the time left. */
  deadline: number;
  /** Headers for the node (Authorization, Idempotency-Key, trace context, ...). */
  headers: Record<string, string>;
  /**
   * How old a stand-in for this node's answer the client accepts when the node is unavailable
   * (its `Cache-Control: max-stale=N`, in ms; 0 refuses one): absent, up to the node's own limit.
   */
  maxStaleMs?: number;
}

/** Why a node gave no answer; `sent` says whether the request may have reached it (matters for writes). */
export interface NodeFailure {
  reason: string;
  sent: boolean;
  /**
   * unreachable, timeout, bad-answer (not a GraphQL response), outage (the node says it cannot
   * serve, e.g. its database is down): the node's fault, counted by the breaker. refused (not
   * sent: left out, circuit open) and no-time (the client's deadline was spent): not its fault.
   */
  kind: 'unreachable' | 'timeout' | 'bad-answer' | 'outage' | 'refused' | 'no-time';
  /**
   * The code the client sees for the missing country: COUNTRY_UNAVAILABLE unless the node
   * answered something the gateway refused to trust (COUNTRY_BAD_RESPONSE, always a bad-answer).
   */
  code?: typeof ErrorCode.COUNTRY_BAD_RESPONSE;
}

export type NodeAnswer = { country: string; response: NodeResponse; failure?: undefined } | { country: string; response?: undefined; failure: NodeFailure };

/**
 * How the gateway talks to country nodes. The HTTP implementation sits at the bottom; timeouts,
 * retries, header propagation, breakers and error tagging are plugins wrapped around it, so
 * tests can put an in-memory fake underneath and each concern stays in its own file.
 */
export interface Transport {
  send(country: string, request: NodeRequest): Promise<NodeAnswer>;
}

export type TransportPlugin = (next: Transport) => Transport;

/** Sent on someone's behalf: its answer may depend on who asks, so nothing shared may keep or stand in for it. */
export function hasAuthorization(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
}

/** `compose(base, a, b)`: a request passes a, then b, then reaches base. */
export function composeTransport(base: Transport, ...plugins: TransportPlugin[]): Transport {
  return plugins.reduceRight((next, plugin) => plugin(next), base);
}

export function failed(country: string, reason: string, sent: boolean, kind: NodeFailure['kind']): NodeAnswer {
  return { country, failure: { reason, sent, kind } };
}

/**
 * The node answered, but not something to merge (malformed, wrong types, another country's
 * records, over a limit): a fault of the node (the breaker counts it, the cache keeps nothing).
 */
export function untrusted(country: string, reason: string): NodeAnswer {
  return { country, failure: { reason, sent: true, kind: 'bad-answer', code: ErrorCode.COUNTRY_BAD_RESPONSE } };
}

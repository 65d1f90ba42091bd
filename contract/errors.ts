import { GraphQLError } from 'graphql';

/** The fixed `extensions.code` values clients may rely on. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  COUNTRY_UNAVAILABLE: 'COUNTRY_UNAVAILABLE',
  /**
   * A country node answered something the gateway cannot trust (not a GraphQL response, a value
   * of the wrong type, a record of another country, over the size or nesting limit): that
   * country's part is left out, as for COUNTRY_UNAVAILABLE. Retryable.
   */
  COUNTRY_BAD_RESPONSE: 'COUNTRY_BAD_RESPONSE',
  /**
   * An ordinary (unsharded) subgraph did not answer (unreachable, timed out, HTTP 5xx): only its
   * fields are missing from the answer (`extensions.subgraph` names it). Retryable.
   */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** An operation over a static budget (depth, aliases, size, …), refused before it runs; HTTP 400. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** Too many requests from one client (or connections from one address); HTTP 429 with Retry-After. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The service is at its connection or stream limit with every one busy; HTTP 503 with Retry-After. Retryable. */
  OVERLOADED: 'OVERLOADED',
  /** A malformed HTTP request (body, content type, operation, persisted-query hash); HTTP 400. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The request's deadline passed before the work was done; nothing more was done for it. Retryable. */
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  /** A node's database cannot be reached right now. Retryable. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /**
   * Every database connection of the service stayed in use for the whole pool wait: it is
   * overloaded, its database is not down. Nothing was done (a write says writeOutcome NOT_APPLIED). Retryable.
   */
  DATABASE_BUSY: 'DATABASE_BUSY',
  /** A record the write needs stayed locked by another transaction past the lock timeout; the write was not applied. Retryable. */
  RECORD_LOCKED: 'RECORD_LOCKED',
  /** The answer is larger than the service sends (see platform/http/response-cap.ts). */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** The same Idempotency-Key was sent with a different request. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** A change-feed watermark whose position on a node can no longer be resumed (see data/change-log/feed.ts); read again from the start. */
  WATERMARK_EXPIRED: 'WATERMARK_EXPIRED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } });
}

export function unauthenticated(message = 'A bearer token is required for this operation'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND } });
}

export function versionConflict(id: string, expected: number, actual: number): GraphQLError {
  return new GraphQLError(`${id} is at version ${actual}, not ${expected}; reload and retry`, {
    extensions: { code: ErrorCode.VERSION_CONFLICT, id, expectedVersion: expected, actualVersion: actual },
  });
}

/** A country's data is missing from an answer because its node could not answer; `reason` says why. */
export function countryUnavailable(country: string, reason: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`Country node ${country} is unavailable: ${reason}`, {
    extensions: { code: ErrorCode.COUNTRY_UNAVAILABLE, country, reason, ...extra },
  });
}

/** A country's data is missing from an answer because its node answered something untrustworthy; `reason` says what. */
export function countryBadResponse(country: string, reason: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`Country node ${country} sent an answer the gateway refused: ${reason}`, {
    extensions: { code: ErrorCode.COUNTRY_BAD_RESPONSE, country, reason, ...extra },
  });
}

export function formatCount(value: number): string {
  return value < 1e15 ? Math.round(value).toLocaleString('en-US') : value.toExponential(2);
}

/** `limit` names the CostLimits setting, so an operator knows what to raise. */
export function queryTooComplex(limit: string, words: string, value: number, max: number): GraphQLError {
  return new GraphQLError(`Query is too complex: ${words} is ${formatCount(value)}, the limit (${limit}) is ${formatCount(max)}`, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, value: Math.min(value, Number.MAX_VALUE), max, http: { status: 400 } },
  });
}

/** A client error refused before execution: HTTP `status`, with the given code. */
export function badRequest(message: string, code: string = ErrorCode.BAD_REQUEST, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status: 400 } } });
}

export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many requests from this client; retry in ${retryAfterSeconds} s`, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfter: retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

/**
 * Errors graphql-js and the query planner throw for documents beyond their own limits; our
 * static check should refuse such documents first, this keeps them 400 if one gets through.
 */
export const PLANNER_LIMIT_MESSAGE =
  /^(Number of non-local selections exceeds limit|Too many options generated for|Syntax Error: Document contains more tha[nt] \d+ tokens)/;

/** Stopped at the deadline; for a write, says that it was not applied (its transaction rolled back). */
export function deadlineExceeded(write = false): GraphQLError {
  return new GraphQLError('The request deadline passed before this was done; nothing more was done for it', {
    extensions: { code: ErrorCode.DEADLINE_EXCEEDED, retryable: true, ...(write ? { writeOutcome: 'NOT_APPLIED' } : {}) },
  });
}

export function databaseUnavailable(writeOutcome?: 'NOT_APPLIED' | 'UNKNOWN'): GraphQLError {
  return new GraphQLError('The database of this node cannot be reached right now; retry later', {
    extensions: { code: ErrorCode.DATABASE_UNAVAILABLE, retryable: true, ...(writeOutcome ? { writeOutcome } : {}) },
  });
}

/** No connection came free within the pool wait (see platform/database-errors.ts): the service is busy, not broken. */
export function databaseBusy(writeOutcome?: 'NOT_APPLIED'): GraphQLError {
  return new GraphQLError('Every database connection of this service is in use; nothing was done; retry shortly', {
    extensions: { code: ErrorCode.DATABASE_BUSY, retryable: true, ...(writeOutcome ? { writeOutcome } : {}) },
  });
}

/** The write waited `lockTimeoutMs` for a lock another transaction holds, and was rolled back. */
export function recordLocked(lockTimeoutMs?: number): GraphQLError {
  const within = lockTimeoutMs === undefined ? '' : ` within ${lockTimeoutMs} ms`;
  return new GraphQLError(
    `A record this write changes or refers to is locked by another write that did not finish${within}; nothing was written; retry shortly`,
    {
      extensions: { code: ErrorCode.RECORD_LOCKED, retryable: true, writeOutcome: 'NOT_APPLIED', ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs }) },
    },
  );
}

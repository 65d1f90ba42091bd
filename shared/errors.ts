import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { databaseFailure } from './database-errors.js';

/** The fixed `extensions.code` values clients may rely on. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  COUNTRY_UNAVAILABLE: 'COUNTRY_UNAVAILABLE',
  /** The request's deadline passed before the work was done; nothing more was done for it. Retryable. */
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  /** A node's database cannot be reached right now. Retryable. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** The answer is larger than the service sends (see shared/http/response-cap.ts). */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** The same Idempotency-Key was sent with a different request. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
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

const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  // Apollo Server's own codes for malformed requests are client-facing too.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** A literal the schema rejects (malformed Date, unknown enum value) is bad input, not a malformed query. */
const BAD_VALUE_MESSAGE = /^(Expected value of type|Value ".*" does not exist in|Enum ".*" cannot represent|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent)/;
function isBadValue(message: string, error: unknown): boolean {
  let cause = (error as { originalError?: unknown })?.originalError;
  while (cause) {
    if ((cause as GraphQLError).extensions?.code === ErrorCode.BAD_USER_INPUT) return true;
    cause = (cause as { originalError?: unknown }).originalError;
  }
  return BAD_VALUE_MESSAGE.test(message);
}

/** Told about every error the formatter treats as internal, with its original cause (stack, driver message) for the operator. */
export type InternalErrorListener = (error: unknown, formatted: GraphQLFormattedError) => void;

/**
 * Apollo Server `formatError`: client errors pass through; anything else becomes a generic
 * INTERNAL_SERVER_ERROR outside development, so no SQL, stack or driver message leaks. Such
 * errors go to `onInternalError` first, so the operator sees what the client does not.
 */
export function makeErrorFormatter(development: boolean, onInternalError: InternalErrorListener = () => {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let code = formatted.extensions?.code;
    if (code === 'GRAPHQL_VALIDATION_FAILED' && isBadValue(formatted.message, error)) {
      code = ErrorCode.BAD_USER_INPUT;
      formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
    }
    if (typeof code === 'string' && CLIENT_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      if (development) return formatted;
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // A database that went away or a statement stopped at the deadline: coded and retryable, not internal.
    const failure = databaseFailure(error);
    if (failure) {
      const coded = failure === 'cancelled' ? deadlineExceeded() : databaseUnavailable();
      return { message: coded.message, path: formatted.path, locations: formatted.locations, extensions: coded.extensions };
    }
    // type-graphql argument validation and graphql-js coercion errors carry no code but are the client's fault.
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    if (original && (original as { name?: string }).name === 'ArgumentValidationError') {
      return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    onInternalError(original, formatted);
    if (development) return { ...formatted, extensions: { ...formatted.extensions, code: code ?? ErrorCode.INTERNAL_SERVER_ERROR } };
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

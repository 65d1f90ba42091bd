import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, PLANNER_LIMIT_MESSAGE, databaseBusy, databaseUnavailable, deadlineExceeded, formatCount, recordLocked } from '../contract/errors.js';
import { databaseFailure, type DatabaseFailure } from './database-errors.js';

// What a client sees of an error (the codes and messages, contract/errors.ts) is the contract;
// deciding it from a driver's error or Apollo Server's own is the service's side, so it lives here.

/** The client-facing error for a classified database failure (see platform/database-errors.ts). */
export function databaseFailureError(failure: DatabaseFailure): GraphQLError {
  switch (failure) {
    case 'cancelled':
      return deadlineExceeded();
    case 'busy':
      return databaseBusy();
    case 'locked':
      return recordLocked();
    case 'unavailable':
      return databaseUnavailable();
  }
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
const BAD_VALUE_MESSAGE =
  /^(Expected value of type|Value ".*" does not exist in|Enum ".*" cannot represent|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent)/;
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
 * A code for errors that are the client's fault but carry none: Apollo Server's own 4xx errors
 * without a code (persisted-query hash mismatch or version) become BAD_REQUEST, planner and
 * parser limit errors QUERY_TOO_COMPLEX.
 */
function clientFaultCode(formatted: GraphQLFormattedError, error: unknown): string | null {
  const original = (error as { originalError?: unknown })?.originalError;
  // Apollo Server wraps a validation rule's error, replacing its code; ours is the one that says what happened.
  const originalCode = (original as GraphQLError | undefined)?.extensions?.code;
  if (original instanceof GraphQLError && (originalCode === ErrorCode.QUERY_TOO_COMPLEX || originalCode === ErrorCode.BAD_USER_INPUT)) {
    return originalCode;
  }
  if (PLANNER_LIMIT_MESSAGE.test(formatted.message) || (original instanceof Error && PLANNER_LIMIT_MESSAGE.test(original.message))) {
    return ErrorCode.QUERY_TOO_COMPLEX;
  }
  const code = formatted.extensions?.code;
  const status = (error as GraphQLError)?.extensions?.http as { status?: number } | undefined;
  if ((code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR) && status?.status && status.status >= 400 && status.status < 500) {
    return ErrorCode.BAD_REQUEST;
  }
  return null;
}

/**
 * Apollo Server `formatError`: client errors pass through; anything else becomes a generic
 * INTERNAL_SERVER_ERROR outside development, so no SQL, stack or driver message leaks. Such
 * errors go to `onInternalError` first, so the operator sees what the client does not.
 */
export function makeErrorFormatter(development: boolean, onInternalError: InternalErrorListener = () => {}, maxTokens?: number) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const parserLimit = /Document contains more tha[nt] (\d+) tokens/.exec(formatted.message);
    if (parserLimit && maxTokens !== undefined) {
      const counted = Number(parserLimit[1]);
      const message = `Query is too complex: tokens is more than ${formatCount(counted)}, the limit (maxTokens) is ${formatCount(maxTokens)}`;
      return { message, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: 'maxTokens', value: counted + 1, max: maxTokens } };
    }
    let code = formatted.extensions?.code;
    if (code === 'GRAPHQL_VALIDATION_FAILED' && isBadValue(formatted.message, error)) {
      code = ErrorCode.BAD_USER_INPUT;
      formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
    }
    const clientCode = clientFaultCode(formatted, error);
    if (clientCode) {
      code = clientCode;
      formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
    }
    if (typeof code === 'string' && CLIENT_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      if (development) return formatted;
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // A database that went away, a pool with no free connection, or a statement stopped at the deadline: coded and retryable, not internal.
    const failure = databaseFailure(error);
    if (failure) {
      const coded = databaseFailureError(failure);
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

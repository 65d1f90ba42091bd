/**
 * Tells apart the database failures a client can do nothing about but retry: the server cannot
 * be reached or went away (connection refused/reset, a new connection timing out, SQLSTATE class
 * 08, admin/crash shutdown); the pool had no free connection within its wait (every connection
 * busy: the service is overloaded, its database is fine); a lock held by another transaction
 * past `lock_timeout` (55P03); and a statement cancelled at the request's deadline (57014).
 */

const UNREACHABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED']);
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
const UNREACHABLE_MESSAGES = /Connection terminated|Client has encountered a connection error|connection is closed|Cannot use a pool after calling end/i;
/**
 * pg-pool's error for a caller that queued for a connection (the pool was full) and was not
 * served within `connectionTimeoutMillis`. A new connection that cannot be opened in time fails
 * differently ("Connection terminated due to connection timeout"): that one is `unavailable`.
 */
const POOL_WAIT_MESSAGE = /^timeout exceeded when trying to connect$/;

export type DatabaseFailure = 'unavailable' | 'busy' | 'locked' | 'cancelled';

/** Walks an error and its causes (GraphQL's originalError, typeorm's driverError, cause). */
export function databaseFailure(error: unknown): DatabaseFailure | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; originalError?: unknown; driverError?: unknown; cause?: unknown };
    const code = typeof e.code === 'string' ? e.code : '';
    if (code === '57014') return 'cancelled';
    if (code === '55P03') return 'locked';
    if (UNREACHABLE_ERRNOS.has(code) || code.startsWith('08') || SHUTDOWN_STATES.has(code)) return 'unavailable';
    if (typeof e.message === 'string' && POOL_WAIT_MESSAGE.test(e.message)) return 'busy';
    if (typeof e.message === 'string' && UNREACHABLE_MESSAGES.test(e.message)) return 'unavailable';
    current = e.originalError ?? e.driverError ?? e.cause;
  }
  return null;
}

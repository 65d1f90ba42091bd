/**
 * How long a caller still waits, passed from the gateway to each node as milliseconds left
 * (relative, so the two machines' clocks need not agree).
 */
export const DEADLINE_HEADER = 'x-deadline-ms';

/**
 * The epoch-ms deadline of a request received now: the caller's time left, capped by this
 * service's own limit (a caller cannot buy unlimited work by sending a huge value).
 */
export function deadlineFrom(header: string | string[] | undefined, maxMs: number, now = Date.now()): number {
  const value = Number(Array.isArray(header) ? header[0] : header);
  const left = Number.isFinite(value) && value > 0 ? Math.min(value, maxMs) : maxMs;
  return now + left;
}

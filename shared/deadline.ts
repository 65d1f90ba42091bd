/**
 * How long a caller still waits, passed from the gateway to each node twice: as milliseconds
 * left (relative, right whatever the clocks say) and as the epoch-ms instant (absolute: right
 * even when the request sat in a socket buffer, e.g. of a node frozen for a while, which the
 * relative value cannot know). Nodes take the earlier of the two, allowing `clockSkewMs` of
 * disagreement between the clocks (keep them NTP-synchronised).
 */
export const DEADLINE_HEADER = 'x-deadline-ms';
export const DEADLINE_AT_HEADER = 'x-deadline-at';

const first = (header: string | string[] | undefined) => Number(Array.isArray(header) ? header[0] : header);

/**
 * The epoch-ms deadline of a request received now: the caller's time left, capped by this
 * service's own limit (a caller cannot buy unlimited work by sending a huge value), less a
 * margin to send the answer back: a node that stops at the deadline must still be heard, or a
 * write it rolled back would be reported to the client as of unknown outcome.
 */
export function deadlineFrom(headers: Record<string, string | string[] | undefined>, maxMs: number, clockSkewMs = 1000, now = Date.now()): number {
  const relative = first(headers[DEADLINE_HEADER]);
  let deadline = now + (Number.isFinite(relative) && relative > 0 ? Math.min(relative, maxMs) : maxMs);
  const absolute = first(headers[DEADLINE_AT_HEADER]);
  if (Number.isFinite(absolute) && absolute > 0) deadline = Math.min(deadline, absolute + clockSkewMs);
  const left = deadline - now;
  return deadline - Math.min(500, Math.max(20, left * 0.1));
}

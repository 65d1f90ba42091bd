/**
 * How long a caller still waits, passed from the gateway to each node as milliseconds left
 * (as gRPC's `grpc-timeout` does): a duration means the same on every machine, whatever its
 * clock says. An instant (epoch ms) would not: a node whose clock ran 4.5 s ahead of the
 * gateway's took every 3 s request as already late. The time a request spends on the wire or in
 * a socket buffer before the node reads it is not counted; the caller's own timer still ends its
 * wait, so that costs the node at most one request's worth of work nobody waits for.
 */
export const DEADLINE_HEADER = 'x-deadline-ms';

const first = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header);

/**
 * The epoch-ms deadline of a request received `now` (this machine's clock only): the caller's
 * time left, capped by this service's own limit (a caller cannot buy unlimited work by sending a
 * huge value), less a margin to send the answer back: a node that stops at the deadline must
 * still be heard, or a write it rolled back would be reported to the client as of unknown
 * outcome. A header of 0 or less says the caller has no time left: no work is started. Anything
 * that is not a number is ignored (the service's own limit applies). Older gateways also sent
 * `x-deadline-at`, another machine's instant; it is ignored.
 */
export function deadlineFrom(headers: Record<string, string | string[] | undefined>, maxMs: number, now = Date.now()): number {
  const raw = first(headers[DEADLINE_HEADER]);
  const relative = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  if (Number.isFinite(relative) && relative <= 0) return now - 1;
  const deadline = now + (Number.isFinite(relative) ? Math.min(relative, maxMs) : maxMs);
  const left = deadline - now;
  return deadline - Math.min(500, Math.max(20, left * 0.1));
}

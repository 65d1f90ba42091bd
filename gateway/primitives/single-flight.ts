import { Counter, type Registry } from 'prom-client';
import type { NodeAnswer, NodeRequest, TransportPlugin } from '../transport/transport.js';

/**
 * Identical node reads in flight at the same time are sent once: the first is sent, the others
 * wait for its answer (Go's singleflight, Varnish's request coalescing, the router's query
 * deduplication in Apollo Router). Eight clients missing the cache on the same page cost each
 * node one request, not eight.
 *
 * What makes two reads identical: country, query text, variables and the caller's
 * Authorization (an answer may depend on who asks). The request id and trace context are not
 * part of it: the node's log line and span carry the first caller's. Mutations never join.
 * Deadlines: a read joins only a request that gives up no later than it would itself (it never
 * waits past its own deadline), and when that request timed out while the joiner still has
 * time, the joiner sends its own: no caller gets a timeout sooner than it would have alone.
 *
 * Hand-written: the npm single-flight packages key only by string and know nothing of
 * deadlines; this is a Map of promises.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, { promise: Promise<T>; deadline: number; joiners: number }>();

  /**
   * Runs `fn` unless a run for `key` that ends no later than `deadline` is in flight, and then
   * shares its result (`joined`). `shared` says whether anyone else got the same value (known
   * for sure when the value arrives: nobody can join a run that has ended).
   */
  run(key: string, deadline: number, fn: () => Promise<T>): Promise<{ value: T; shared: boolean; joined: boolean }> {
    const current = this.inFlight.get(key);
    if (current && current.deadline <= deadline) {
      current.joiners++;
      return current.promise.then((value) => ({ value, shared: true, joined: true }));
    }
    const entry = { promise: fn(), deadline, joiners: 0 };
    this.inFlight.set(key, entry);
    const forget = () => {
      // A later run with a longer deadline may have taken the key meanwhile.
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    };
    // Registered first, so the run has left the map before any caller sees its value.
    entry.promise.then(forget, forget);
    return entry.promise.then((value) => ({ value, shared: entry.joiners > 0, joined: false }));
  }

  /** Runs in flight (tests). */
  get size(): number {
    return this.inFlight.size;
  }
}

function readKey(country: string, request: NodeRequest): string {
  const auth = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1] ?? '';
  return `${country}\n${auth}\n${JSON.stringify(request.variables ?? null)}\n${request.query}`;
}

/**
 * The transport plugin: identical reads to a node in flight together are sent once. When an
 * answer went to more than one caller, each gets its own copy, so nothing one caller does with
 * it (merge, error paths) is seen by another.
 */
export function coalesceReads(registry?: Registry, flights = new SingleFlight<NodeAnswer>()): TransportPlugin {
  const joinedTotal = new Counter({
    name: 'ilo_gateway_node_requests_joined_total',
    help: 'Node reads not sent because an identical one was in flight (they shared its answer), by country',
    labelNames: ['country'],
    registers: registry ? [registry] : [],
  });
  return (next) => ({
    async send(country, request) {
      if (request.operation !== 'query') return next.send(country, request);
      let sent = false;
      const flight = flights.run(readKey(country, request), request.deadline, () => {
        sent = true;
        return next.send(country, request);
      });
      if (!sent) joinedTotal.inc({ country });
      const { value, shared, joined } = await flight;
      // The request it joined gave up sooner than this caller would: its own try, in its own time.
      if (joined && value.failure?.kind === 'timeout' && request.deadline > Date.now()) return next.send(country, request);
      return shared ? structuredClone(value) : value;
    },
  });
}

import { Gauge, type Registry } from 'prom-client';
import type { ConnectionGuard } from './connection-guard.js';
import type { ConnectionBudget } from './fd-budget.js';

/**
 * The connection guard's figures in a service's /metrics, read at scrape time. Cumulative counts
 * are gauges set to the guard's running totals (a restart starts them again, like any counter).
 */
export function registerConnectionMetrics(registry: Registry, guard: ConnectionGuard, budget: ConnectionBudget, maxConnections: number): void {
  const registers = [registry];
  new Gauge({
    name: 'ilo_http_connections',
    help: 'Open client connections by state: waiting (no complete request yet), idle (kept alive between requests), busy (a request in progress)',
    labelNames: ['state'],
    registers,
    collect() {
      const s = guard.stats();
      this.set({ state: 'waiting' }, s.waiting);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'busy' }, s.busy);
    },
  });
  new Gauge({
    name: 'ilo_http_connection_limit',
    help: 'Most client connections this server holds (MAX_CONNECTIONS), and the descriptors its process gives all its servers (FD_RESERVE kept apart)',
    labelNames: ['scope'],
    registers,
    collect() {
      this.set({ scope: 'server' }, maxConnections);
      this.set({ scope: 'process' }, budget.total);
    },
  });
  new Gauge({
    name: 'ilo_http_connections_closed_total',
    help: 'Connections closed by the server to make room (evicted: sent nothing yet or idle, at a cap) or for sending no complete request in time (timeout)',
    labelNames: ['reason'],
    registers,
    collect() {
      const s = guard.stats();
      this.set({ reason: 'evicted' }, s.evicted);
      this.set({ reason: 'timeout' }, s.timedOut);
    },
  });
  new Gauge({
    name: 'ilo_http_connections_refused_total',
    help: 'Connections refused when every connection was busy: 503 at the server cap (server), 429 at the address cap (client), closed without an answer when too many refusals were in flight (dropped)',
    labelNames: ['reason'],
    registers,
    collect() {
      const { refused } = guard.stats();
      this.set({ reason: 'server' }, refused.server);
      this.set({ reason: 'client' }, refused.client);
      this.set({ reason: 'dropped' }, refused.dropped);
    },
  });
}

import type { Shard, SubgraphList } from './subgraphs/subgraph-list.js';
import { checkHealth, healthUrlOf } from './transport/health-check.js';
import type { NodeHealthBook } from './transport/registry-gate.js';

export type NodeStatus = 'up' | 'down' | 'excluded' | 'unknown';

/** What the gateway knows of one shard (a country node), as `/health` reports it. */
export interface NodeState {
  country: string;
  url: string;
  status: NodeStatus;
  latencyMs: number | null;
  sdlHash: string | null;
  error: string | null;
  checkedAt: string | null;
}

/**
 * What the gateway knows of one ordinary subgraph: only what its schema polls and its answers
 * tell (it owes the gateway no `/health`).
 */
export interface SubgraphState {
  name: string;
  url: string;
  status: Exclude<NodeStatus, 'excluded'>;
  latencyMs: number | null;
  error: string | null;
  checkedAt: string | null;
}

/**
 * The health of every subgraph and shard, fed by the supergraph source's polls and by the
 * answers of client requests; the transport asks it which shards may be asked.
 */
export class HealthBook implements NodeHealthBook {
  /** The shards of the sharded subgraph, by shard key, in configuration order. */
  readonly nodes = new Map<string, NodeState>();
  readonly subgraphs = new Map<string, SubgraphState>();
  /** Why sharded SDLs were refused, by schema hash (e.g. a root field without a sharding declaration). */
  readonly rejectedSchemas = new Map<string, string[]>();
  /** Hash of the sharded SDL in the composed supergraph (null until one is composed). */
  shardSchemaHash: string | null = null;
  private readonly healthListeners: Array<(country: string, problem: string | null) => void> = [];

  /** The sharded subgraph's name, null without one. */
  readonly shardedName: string | null;

  constructor(list: SubgraphList) {
    this.shardedName = list.sharded?.name ?? null;
    for (const { key, url } of list.sharded?.shards ?? ([] as Shard[])) {
      this.nodes.set(key, { country: key, url, status: 'unknown', latencyMs: null, sdlHash: null, error: null, checkedAt: null });
    }
    for (const { name, url } of list.ordinary) this.subgraphs.set(name, { name, url, status: 'unknown', latencyMs: null, error: null, checkedAt: null });
  }

  /** Configured shard keys, in configuration order. */
  get countries(): string[] {
    return [...this.nodes.keys()];
  }

  /** Why a shard's data cannot be used right now, or null when it can be asked. */
  unusableReason(country: string): string | null {
    const node = this.nodes.get(country);
    if (!node) return 'not configured';
    if (node.status === 'excluded') return `left out: it ${node.error ?? 'serves a different schema'}`;
    return null;
  }

  /** Told after every poll of a shard: null when it serves, else why not. */
  onNodeHealth(listener: (country: string, problem: string | null) => void): void {
    this.healthListeners.push(listener);
  }

  nodePolled(country: string, problem: string | null): void {
    for (const listener of this.healthListeners) listener(country, problem);
  }

  /** Asks a shard's health endpoint now (the circuit breaker's probe). */
  probe(country: string, timeoutMs: number): Promise<string | null> {
    const node = this.nodes.get(country);
    return node ? checkHealth(healthUrlOf(node.url), timeoutMs) : Promise.resolve('not configured');
  }

  /** Marks a shard down between polls when a request to it failed, so /health reflects it at once. */
  reportFailure(country: string, reason: string): void {
    const node = this.nodes.get(country);
    if (node && node.status !== 'excluded') {
      node.status = 'down';
      node.error = reason;
    }
  }

  reportSuccess(country: string): void {
    const node = this.nodes.get(country);
    if (node && node.status === 'down' && node.sdlHash === this.shardSchemaHash) {
      node.status = 'up';
      node.error = null;
    }
  }

  /** What a poll or a client request learnt of an ordinary subgraph: null when it answered, else why not. */
  subgraphAnswered(name: string, problem: string | null, latencyMs: number | null = null): void {
    const state = this.subgraphs.get(name);
    if (!state) return;
    state.status = problem ? 'down' : 'up';
    state.error = problem;
    if (latencyMs !== null || problem) state.latencyMs = latencyMs;
    state.checkedAt = new Date().toISOString();
  }
}

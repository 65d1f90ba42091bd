import { createHash } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { GatewayConfig } from '../platform/config.js';
import type { HealthBook, NodeState, SubgraphState } from './health-book.js';
import { readShardingSpec, type ShardingSpec } from './sharding/spec.js';
import type { SubgraphList } from './subgraphs/subgraph-list.js';
import { httpTransport } from './transport/http.js';
import type { Transport } from './transport/transport.js';

// Named as Apollo's own gateway names it, so nodes can tell a schema poll from a client's query (their access log keeps it at debug).
const SDL_QUERY = 'query __ApolloGetServiceDefinition__ { _service { sdl } }';
// Transport keys of ordinary subgraphs; shard keys never contain a colon (config-schema.ts).
const ORDINARY = 'subgraph:';

export function sdlHash(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex').slice(0, 16);
}

/** The URL composition records for the sharded subgraph: never fetched, its data source routes by shard. */
export const shardedSubgraphUrl = (name: string) => `http://${name}-shards.invalid/graphql`;

export type SourceSettings = Pick<GatewayConfig, 'nodeTimeoutMs' | 'pollIntervalMs' | 'nodeAnswer'>;

/**
 * The time the polls are paced by (tests inject a fake clock). Deadlines sent with requests stay
 * on the wall clock: they travel to the nodes.
 */
export interface SourceClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  setInterval(callback: () => void, ms: number): { unref(): unknown };
  clearInterval(timer: ReturnType<SourceClock['setInterval']>): void;
}

const processClock: SourceClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (timer) => clearInterval(timer as NodeJS.Timeout),
};

/**
 * Where the supergraph comes from: a file composed elsewhere, or composed here from what the
 * subgraphs serve. Fetches every SDL on start and on every poll; of the sharded subgraph's SDLs
 * it picks the one most shards serve among those whose sharding declarations are complete,
 * leaves out any shard that differs, and recomposes (and notifies) when an SDL changed.
 */
export class SupergraphSource {
  supergraphSdl: string | null = null;
  /** How the composed sharded SDL is sharded (null until one is composed, or without a sharded subgraph). */
  spec: ShardingSpec | null = null;
  private readonly sdls = new Map<string, string>();
  private shardedSdl: string | null = null;
  /** Names and SDL hashes of what was last composed: an unchanged poll composes nothing. */
  private composedFrom: string | null = null;
  private timer: ReturnType<SourceClock['setInterval']> | null = null;
  private readonly listeners: Array<(supergraphSdl: string) => void> = [];
  private readonly sdlTransport: Transport;

  constructor(
    private readonly list: SubgraphList,
    private readonly book: HealthBook,
    private readonly settings: SourceSettings,
    private readonly log: (m: string) => void = () => {},
    private readonly clock: SourceClock = processClock,
  ) {
    // Read from the book on every poll: the URL it holds is the one /health shows.
    const urlOf = (key: string) => (key.startsWith(ORDINARY) ? book.subgraphs.get(key.slice(ORDINARY.length))?.url : book.nodes.get(key)?.url);
    this.sdlTransport = httpTransport(urlOf, settings.nodeAnswer);
  }

  onSupergraphChange(listener: (supergraphSdl: string) => void): void {
    this.listeners.push(listener);
  }

  private async fetchSdl(key: string, state: NodeState | SubgraphState): Promise<string | null> {
    const started = performance.now();
    try {
      const answer = await this.sdlTransport.send(key, {
        query: SDL_QUERY,
        operation: 'query',
        deadline: Date.now() + this.settings.nodeTimeoutMs,
        headers: {},
      });
      if (answer.failure) throw new Error(answer.failure.reason);
      const data: unknown = answer.response.data;
      const service: unknown = data && typeof data === 'object' ? (data as Record<string, unknown>)._service : undefined;
      const sdl = service && typeof service === 'object' ? (service as Record<string, unknown>).sdl : undefined;
      if (typeof sdl !== 'string') throw new Error('did not serve _service { sdl }');
      Object.assign(state, { latencyMs: Math.round(performance.now() - started), error: null, status: 'up' });
      if ('sdlHash' in state) state.sdlHash = sdlHash(sdl);
      return sdl;
    } catch (error) {
      Object.assign(state, { status: 'down', latencyMs: null, error: (error as Error).message });
      return null;
    } finally {
      state.checkedAt = new Date().toISOString();
    }
  }

  /** One round of checks; recomposes (and notifies) when the chosen SDLs changed. */
  async refresh(): Promise<void> {
    const fromFile = this.list.supergraphSdl;
    const [, chosen] = await Promise.all([
      // With a supergraph file the ordinary subgraphs are only judged by their answers.
      fromFile ? null : Promise.all(this.list.ordinary.map((s) => this.pollOrdinary(s.name))),
      this.pollShards(),
    ]);
    const nextSharded = chosen?.sdl ?? this.shardedSdl;
    if (this.list.sharded && !nextSharded) return;
    if (chosen && nextSharded === chosen.sdl) this.spec = chosen.spec;
    if (fromFile) {
      this.shardedSdl = nextSharded;
      this.book.shardSchemaHash = nextSharded ? sdlHash(nextSharded) : null;
      this.supergraphSdl ??= fromFile;
      return;
    }
    if (this.list.ordinary.some((s) => !this.sdls.has(s.name))) return;
    const services = [
      ...this.list.ordinary.map((s) => ({ name: s.name, url: s.url, sdl: this.sdls.get(s.name)! })),
      ...(this.list.sharded ? [{ name: this.list.sharded.name, url: shardedSubgraphUrl(this.list.sharded.name), sdl: nextSharded! }] : []),
    ];
    const from = services.map((s) => `${s.name}=${sdlHash(s.sdl)}`).join(',');
    if (from === this.composedFrom) return;
    const supergraph = compose(services);
    if (supergraph.errors) {
      this.log(`composition failed, keeping the previous supergraph: ${supergraph.errors.join('; ')}`);
      if (!this.supergraphSdl) throw new Error(`Supergraph composition failed: ${supergraph.errors.join('; ')}`);
      return;
    }
    const changed = this.supergraphSdl !== null && supergraph.sdl !== this.supergraphSdl;
    this.composedFrom = from;
    this.shardedSdl = nextSharded;
    this.book.shardSchemaHash = nextSharded ? sdlHash(nextSharded) : null;
    this.supergraphSdl = supergraph.sdl!;
    if (changed) {
      this.log(`supergraph recomposed${this.book.shardSchemaHash ? ` (sharded schema ${this.book.shardSchemaHash})` : ''}`);
      for (const listener of this.listeners) listener(this.supergraphSdl);
    }
  }

  private async pollOrdinary(name: string): Promise<void> {
    const state = this.book.subgraphs.get(name)!;
    const sdl = await this.fetchSdl(ORDINARY + name, state);
    // A subgraph that stops answering keeps its last schema: its outage costs only its fields.
    if (sdl !== null) this.sdls.set(name, sdl);
  }

  /** Polls every shard and votes: the SDL most shards serve wins, a tie keeps the composed one, else the first configured shard's. */
  private async pollShards(): Promise<{ sdl: string; spec: ShardingSpec } | null> {
    const nodes = [...this.book.nodes.values()];
    const sdls = await Promise.all(
      nodes.map(async (n) => {
        const sdl = await this.fetchSdl(n.country, n);
        // Serving its schema is not enough: a node whose database is down cannot answer.
        const problem = sdl === null ? (n.error ?? 'down') : await this.book.probe(n.country, this.settings.nodeTimeoutMs);
        if (sdl !== null && problem) Object.assign(n, { status: 'down', error: problem });
        this.book.nodePolled(n.country, problem);
        return sdl;
      }),
    );
    const votes = new Map<string, { sdl: string; count: number; firstIndex: number; spec: ShardingSpec }>();
    sdls.forEach((sdl, index) => {
      if (!sdl) return;
      const hash = sdlHash(sdl);
      if (!votes.has(hash) && !this.book.rejectedSchemas.has(hash)) {
        const read = readShardingSpec(sdl);
        if (read.spec) votes.set(hash, { sdl, count: 0, firstIndex: index, spec: read.spec });
        else {
          this.book.rejectedSchemas.set(hash, read.errors);
          this.log(`sharded schema ${hash} refused: ${read.errors.join('; ')}`);
        }
      }
      const vote = votes.get(hash);
      if (vote) vote.count += 1;
    });
    const current = this.book.shardSchemaHash;
    const chosen = [...votes.entries()].sort(
      ([ha, a], [hb, b]) => b.count - a.count || Number(hb === current) - Number(ha === current) || a.firstIndex - b.firstIndex,
    )[0];
    const expected = chosen?.[0] ?? current;
    for (const node of nodes) {
      if (node.status !== 'up' || !node.sdlHash || node.sdlHash === expected) continue;
      const refused = this.book.rejectedSchemas.get(node.sdlHash);
      node.status = 'excluded';
      node.error = refused ? `serves a schema the gateway refuses: ${refused.join('; ')}` : `serves schema ${node.sdlHash}, expected ${expected}`;
      this.log(`node ${node.country} left out: ${node.error}`);
    }
    return chosen ? chosen[1] : null;
  }

  /** Whether the gateway can serve: a supergraph, and the sharding rules when a subgraph is sharded. */
  private get complete(): boolean {
    return this.supergraphSdl !== null && (!this.list.sharded || this.spec !== null);
  }

  /** Refreshes until a supergraph can be composed (every subgraph's SDL, one acceptable sharded SDL), or gives up. */
  async waitForSupergraph(timeoutMs: number): Promise<string> {
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      await this.refresh();
      if (this.complete) return this.supergraphSdl!;
      if (this.clock.now() > deadline) {
        const states = [...this.book.subgraphs.values()].map((s) => `${s.name}: ${s.error ?? s.status}`);
        const shards = [...this.book.nodes.values()].map((n) => `${n.country}: ${n.error ?? n.status}`);
        const need = this.list.sharded ? 'every subgraph and at least one shard serving an acceptable schema' : 'every subgraph';
        throw new Error(`No supergraph: ${need} must be up (${[...states, ...shards].join(', ')})`);
      }
      this.log('waiting for the subgraphs…');
      await new Promise<void>((r) => this.clock.setTimeout(r, 500));
    }
  }

  startPolling(): void {
    this.timer ??= this.clock.setInterval(() => {
      this.refresh().catch((error) => this.log(`poll failed: ${(error as Error).message}`));
    }, this.settings.pollIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) this.clock.clearInterval(this.timer);
    this.timer = null;
  }
}

function compose(services: Array<{ name: string; url: string; sdl: string }>): { sdl?: string; errors?: string[] } {
  let result;
  try {
    result = composeServices(services.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  } catch (error) {
    return { errors: [`an SDL does not parse: ${(error as Error).message}`] };
  }
  if (result.errors) return { errors: result.errors.map((e) => e.message) };
  return { sdl: result.supergraphSdl };
}

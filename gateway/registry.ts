import { createHash } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { GatewayConfig } from '../shared/config.js';
import { readShardingSpec, type ShardingSpec } from './sharding/spec.js';
import { checkHealth, healthUrlOf } from './transport/health-check.js';
import { httpTransport } from './transport/http.js';
import type { NodeHealthBook } from './transport/registry-gate.js';
import type { Transport } from './transport/transport.js';

export type NodeStatus = 'up' | 'down' | 'excluded' | 'unknown';

/** What the gateway knows of one country node, as `/health` reports it. */
export interface NodeState {
  country: string;
  url: string;
  status: NodeStatus;
  latencyMs: number | null;
  sdlHash: string | null;
  error: string | null;
  checkedAt: string | null;
}

/** The logical subgraph name the shards share; `buildService` gets it with this fake URL. */
export const COUNTRY_SUBGRAPH = 'country';
export const REGIONAL_SUBGRAPH = 'regional';
const COUNTRY_SUBGRAPH_URL = 'http://country-shards.invalid/graphql';

// Named as Apollo's own gateway names it, so nodes can tell a schema poll from a client's query (their access log keeps it at debug).
const SDL_QUERY = 'query __ApolloGetServiceDefinition__ { _service { sdl } }';

export function sdlHash(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex').slice(0, 16);
}

/**
 * Tracks the country nodes and the regional subgraph: fetches their SDL on start and on every
 * poll, picks the country SDL most nodes serve among those whose sharding declarations are
 * complete, leaves out any node that differs, and composes the supergraph from the regional SDL
 * and that country SDL.
 */
export class NodeRegistry implements NodeHealthBook {
  readonly nodes = new Map<string, NodeState>();
  regional: Omit<NodeState, 'country'> & { country: 'regional' };
  supergraphSdl: string | null = null;
  /** How the composed country SDL is sharded (null until one is composed). */
  spec: ShardingSpec | null = null;
  /** Why country SDLs were refused, by schema hash (e.g. a root field without a sharding declaration). */
  readonly rejectedSchemas = new Map<string, string[]>();
  private countrySdl: string | null = null;
  private regionalSdl: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private listeners: Array<(supergraphSdl: string) => void> = [];
  private healthListeners: Array<(country: string, problem: string | null) => void> = [];
  private readonly sdlTransport: Transport;

  constructor(
    private readonly config: Pick<GatewayConfig, 'countryNodes' | 'regionalUrl' | 'nodeTimeoutMs' | 'pollIntervalMs' | 'nodeAnswer'>,
    private readonly log: (m: string) => void = () => {},
  ) {
    for (const { country, url } of config.countryNodes) {
      this.nodes.set(country, { country, url, status: 'unknown', latencyMs: null, sdlHash: null, error: null, checkedAt: null });
    }
    this.regional = { country: 'regional', url: config.regionalUrl, status: 'unknown', latencyMs: null, sdlHash: null, error: null, checkedAt: null };
    this.sdlTransport = httpTransport((name) => (name === REGIONAL_SUBGRAPH ? this.regional.url : this.nodes.get(name)?.url), config.nodeAnswer);
  }

  /** Configured countries, in configuration order. */
  get countries(): string[] {
    return [...this.nodes.keys()];
  }

  get countryHash(): string | null {
    return this.countrySdl ? sdlHash(this.countrySdl) : null;
  }

  /** Why a node's data cannot be used right now, or null when it can be asked. */
  unusableReason(country: string): string | null {
    const node = this.nodes.get(country);
    if (!node) return 'not configured';
    if (node.status === 'excluded') return `left out: it ${node.error ?? 'serves a different schema'}`;
    return null;
  }

  onSupergraphChange(listener: (supergraphSdl: string) => void): void {
    this.listeners.push(listener);
  }

  /** Told after every poll of a country node: null when it serves, else why not. */
  onNodeHealth(listener: (country: string, problem: string | null) => void): void {
    this.healthListeners.push(listener);
  }

  /** Asks a node's health endpoint now (the circuit breaker's probe). */
  probe(country: string, timeoutMs: number): Promise<string | null> {
    const node = this.nodes.get(country);
    return node ? checkHealth(healthUrlOf(node.url), timeoutMs) : Promise.resolve('not configured');
  }

  private async fetchSdl(state: NodeState | NodeRegistry['regional']): Promise<string | null> {
    const started = performance.now();
    try {
      const name = state.country === 'regional' ? REGIONAL_SUBGRAPH : state.country;
      const answer = await this.sdlTransport.send(name, {
        query: SDL_QUERY,
        operation: 'query',
        deadline: Date.now() + this.config.nodeTimeoutMs,
        headers: {},
      });
      if (answer.failure) throw new Error(answer.failure.reason);
      const data: unknown = answer.response.data;
      const service: unknown = data && typeof data === 'object' ? (data as Record<string, unknown>)._service : undefined;
      const sdl = service && typeof service === 'object' ? (service as Record<string, unknown>).sdl : undefined;
      if (typeof sdl !== 'string') throw new Error('did not serve _service { sdl }');
      state.latencyMs = Math.round(performance.now() - started);
      state.sdlHash = sdlHash(sdl);
      state.error = null;
      state.status = 'up';
      return sdl;
    } catch (error) {
      state.status = 'down';
      state.latencyMs = null;
      state.error = (error as Error).message;
      return null;
    } finally {
      state.checkedAt = new Date().toISOString();
    }
  }

  /** One round of checks; recomposes (and notifies) when the chosen SDLs changed. */
  async refresh(): Promise<void> {
    const [regionalSdl, ...countrySdls] = await Promise.all([
      this.fetchSdl(this.regional),
      ...[...this.nodes.values()].map(async (n) => {
        const sdl = await this.fetchSdl(n);
        // Serving its schema is not enough: a node whose database is down cannot answer.
        const problem = sdl === null ? (n.error ?? 'down') : await this.probe(n.country, this.config.nodeTimeoutMs);
        if (sdl !== null && problem) Object.assign(n, { status: 'down', error: problem });
        for (const listener of this.healthListeners) listener(n.country, problem);
        return sdl;
      }),
    ]);
    const votes = new Map<string, { sdl: string; count: number; firstIndex: number; spec: ShardingSpec }>();
    countrySdls.forEach((sdl, index) => {
      if (!sdl) return;
      const hash = sdlHash(sdl);
      if (!votes.has(hash) && !this.rejectedSchemas.has(hash)) {
        const read = readShardingSpec(sdl);
        if (read.spec) votes.set(hash, { sdl, count: 0, firstIndex: index, spec: read.spec });
        else {
          this.rejectedSchemas.set(hash, read.errors);
          this.log(`country schema ${hash} refused: ${read.errors.join('; ')}`);
        }
      }
      const vote = votes.get(hash);
      if (vote) vote.count += 1;
    });
    const current = this.countryHash;
    // Most nodes win; on a tie keep what is composed, else the first configured node's.
    const chosen = [...votes.entries()].sort(
      ([ha, a], [hb, b]) => b.count - a.count || Number(hb === current) - Number(ha === current) || a.firstIndex - b.firstIndex,
    )[0];
    const nextCountrySdl = chosen ? chosen[1].sdl : this.countrySdl;
    const nextRegionalSdl = regionalSdl ?? this.regionalSdl;
    const expected = chosen?.[0] ?? this.countryHash;
    for (const node of this.nodes.values()) {
      if (node.status !== 'up' || !node.sdlHash || node.sdlHash === expected) continue;
      const refused = this.rejectedSchemas.get(node.sdlHash);
      node.status = 'excluded';
      node.error = refused ? `serves a schema the gateway refuses: ${refused.join('; ')}` : `serves schema ${node.sdlHash}, expected ${expected}`;
      this.log(`node ${node.country} left out: ${node.error}`);
    }
    if (nextCountrySdl && nextRegionalSdl && (nextCountrySdl !== this.countrySdl || nextRegionalSdl !== this.regionalSdl)) {
      const supergraph = compose(nextRegionalSdl, this.config.regionalUrl, nextCountrySdl);
      if (supergraph.errors) {
        this.log(`composition failed, keeping the previous supergraph: ${supergraph.errors.join('; ')}`);
        if (!this.supergraphSdl) throw new Error(`Supergraph composition failed: ${supergraph.errors.join('; ')}`);
        return;
      }
      const changed = this.supergraphSdl !== null;
      if (chosen && nextCountrySdl === chosen[1].sdl) this.spec = chosen[1].spec;
      this.countrySdl = nextCountrySdl;
      this.regionalSdl = nextRegionalSdl;
      this.supergraphSdl = supergraph.sdl!;
      if (changed) {
        this.log(`supergraph recomposed (country schema ${this.countryHash})`);
        for (const listener of this.listeners) listener(this.supergraphSdl);
      }
    }
  }

  /** Refreshes until a supergraph can be composed (regional and one country node up), or gives up. */
  async waitForSupergraph(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.refresh();
      if (this.supergraphSdl) return this.supergraphSdl;
      if (Date.now() > deadline) {
        const down = [this.regional, ...this.nodes.values()].map((n) => `${n.country}: ${n.error ?? n.status}`).join(', ');
        throw new Error(`No supergraph: the regional subgraph and at least one country node serving an acceptable schema must be up (${down})`);
      }
      this.log('waiting for the regional subgraph and a country node…');
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  startPolling(): void {
    this.timer ??= setInterval(() => {
      this.refresh().catch((error) => this.log(`poll failed: ${(error as Error).message}`));
    }, this.config.pollIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Marks a node down between polls when a request to it failed, so /health reflects it at once. */
  reportFailure(country: string, reason: string): void {
    const node = this.nodes.get(country);
    if (node && node.status !== 'excluded') {
      node.status = 'down';
      node.error = reason;
    }
  }

  reportSuccess(country: string): void {
    const node = this.nodes.get(country);
    if (node && node.status === 'down' && node.sdlHash === this.countryHash) {
      node.status = 'up';
      node.error = null;
    }
  }
}

function compose(regionalSdl: string, regionalUrl: string, countrySdl: string): { sdl?: string; errors?: string[] } {
  const result = composeServices([
    { name: REGIONAL_SUBGRAPH, typeDefs: parse(regionalSdl), url: regionalUrl },
    { name: COUNTRY_SUBGRAPH, typeDefs: parse(countrySdl), url: COUNTRY_SUBGRAPH_URL },
  ]);
  if (result.errors) return { errors: result.errors.map((e) => e.message) };
  return { sdl: result.supergraphSdl };
}

import type { GatewayConfig } from '../platform/config.js';
import { CountryCodeScalar, DateScalar, DateTimeScalar } from '../contract/scalars.js';
import { tracingEnabled } from '../platform/observability/tracing.js';
import type { HealthBook } from './health-book.js';
import type { LastKnown } from './last-known/index.js';
import { lastKnownData } from './last-known/plugin.js';
import type { GatewayMetrics } from './metrics.js';
import type { NodeRegistry } from './registry.js';
import type { ResponseCache } from './cache/response-cache.js';
import { coalesceReads } from './primitives/single-flight.js';
import { shardDeadlines } from './subgraphs/shard-timeouts.js';
import type { SubgraphList } from './subgraphs/subgraph-list.js';
import type { CircuitBreakers } from './transport/breaker.js';
import { countryTags } from './transport/country-tags.js';
import { httpTransport } from './transport/http.js';
import { transportMetrics } from './transport/metrics.js';
import { nodeOutage } from './transport/node-outage.js';
import { registryGate } from './transport/registry-gate.js';
import { transportTracing } from './transport/tracing.js';
import { composeTransport, type Transport } from './transport/transport.js';
import { answerValidation } from './transport/validation.js';
import type { ScalarCheck } from './validate/scalar-check.js';

/**
 * The transport to the country nodes: HTTP at the bottom, each concern a plugin around it, in
 * the order a request passes them: left-out nodes are not asked, an open circuit fails fast, the
 * response cache answers what it holds at the node's current data version, the per-node cap
 * within the request deadline, then (on the way back) the answer checked before anything reads
 * it (shape, types, ownership: a node that fails the check is that country's failure, counted
 * by the breaker, never cached), errors tagged with their country and a node that cannot serve
 * turned into that country's failure. Metrics see each
 * request that is sent, with its final deadline and its outcome as the gateway treats it; the
 * tracing span (while tracing is on) is the network call itself. Outermost of all, each country's
 * part is recorded for `extensions.countries`, and an unavailable node's part may be answered
 * from its last known data (gateway/last-known/): the registry and the breaker still see the failure.
 */
export function countryTransport(
  config: GatewayConfig,
  registry: { book: HealthBook; list: SubgraphList; spec: NodeRegistry['spec'] },
  breakers: CircuitBreakers,
  base?: Transport,
  metrics?: GatewayMetrics,
  cache?: ResponseCache | null,
  onRefused?: (country: string, reason: string) => void,
  validate = true,
  coalesce = true,
  lastKnown: LastKnown | null = null,
): Transport {
  return composeTransport(
    base ??
      httpTransport(
        (country) => registry.book.nodes.get(country)?.url,
        config.nodeAnswer,
        cache ? (country, policy) => cache.policies.declare(country, policy) : undefined,
      ),
    lastKnown?.plugin ?? lastKnownData(null, cache?.versions ?? null),
    registryGate(registry.book),
    breakers.plugin,
    ...(cache ? [cache.plugin] : []),
    shardDeadlines(registry.list.sharded?.shards ?? [], {
      readTimeoutMs: config.nodeTimeoutMs,
      writeTimeoutMs: config.writeTimeoutMs,
      readTimeoutMsByCountry: config.nodeTimeoutsMs,
    }),
    ...(coalesce ? [coalesceReads(metrics?.registry)] : []),
    countryTags,
    ...(metrics ? [transportMetrics(metrics)] : []),
    nodeOutage,
    ...(validate ? [answerValidation(() => registry.spec, NODE_SCALARS, onRefused)] : []),
    ...(tracingEnabled() ? [transportTracing] : []),
  );
}

/**
 * The nodes' own scalars, as checks of the values a node may send (see validate/answer-values.ts).
 * Valid values repeat (the same dates on many rows), so each remembers the last few thousand it
 * accepted: checking a Date otherwise builds a Date object per value.
 */
export const NODE_SCALARS: ReadonlyMap<string, ScalarCheck> = new Map(
  [DateScalar, DateTimeScalar, CountryCodeScalar].map((scalar): [string, ScalarCheck] => {
    const accepted = new Set<unknown>();
    return [
      scalar.name,
      (value) => {
        if (accepted.has(value)) return true;
        try {
          scalar.parseValue(value);
        } catch {
          return false;
        }
        if (accepted.size >= 4096) accepted.clear();
        accepted.add(value);
        return true;
      },
    ];
  }),
);

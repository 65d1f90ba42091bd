/**
 * CPU per request of the guard's per-document checks (platform/guard/plugin.ts didResolveOperation
 * for a document served from Apollo's document cache: cost measures and unstorable strings) on
 * the page sub-request our gateway sends a node, with the per-document caches and without.
 * Usage: npm run build --silent && node dist/bench/guard-cost.js [iterations=20000]
 * In-process and single-threaded: on a busy machine this resolves differences of a few µs that
 * an A/B of whole node processes (node-cost.ts) cannot.
 */
import 'reflect-metadata';
import { parse, type DocumentNode } from 'graphql';
import { analyseDocument } from '../platform/cost/analyse.js';
import { findOverBudget } from '../platform/cost/check.js';
import { DEFAULT_COST_LIMITS, nodeCostLimits } from '../platform/cost/limits.js';
import { MeasureCache } from '../platform/cost/measure-cache.js';
import { assertStorableStrings } from '../contract/strings.js';
import { countrySchema } from '../subgraphs/country/schema.js';

const SUB_REQUEST = `query Page__country__0($after: String, $filter: EventFilter) {
  events(after: $after, filter: $filter, first: 22) {
    edges { node { id title { original } startDate datePrecision type city } }
    pageInfo { hasNextPage endCursor }
    shard__edges: edges { cursor }
    shard__pageInfo: pageInfo { hasNextPage }
  }
}`;

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 20000);
  const { schema } = await countrySchema();
  const limits = nodeCostLimits(DEFAULT_COST_LIMITS);
  const variables = { after: null, filter: { from: '2016-01-01' } };
  const check = (document: DocumentNode, measure: typeof analyseDocument) => {
    if (findOverBudget(schema, document, undefined, variables, limits, measure)) throw new Error('refused');
    assertStorableStrings(document, variables);
  };
  const cpuMicros = (work: () => void) => {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / iterations;
  };
  for (let round = 1; round <= 3; round++) {
    // Without the caches: a fresh parse per request (parsed before timing) defeats the per-document ones.
    const fresh = Array.from({ length: iterations }, () => parse(SUB_REQUEST));
    const uncached = cpuMicros(() => fresh.forEach((document) => check(document, analyseDocument)));
    const cache = new MeasureCache();
    const measure = cache.measure.bind(cache);
    const document = parse(SUB_REQUEST);
    const cached = cpuMicros(() => {
      for (let i = 0; i < iterations; i++) check(document, measure);
    });
    console.log(`round ${round}: per request without the caches ${uncached.toFixed(1)} µs, with them ${cached.toFixed(1)} µs`);
  }
}

void main();

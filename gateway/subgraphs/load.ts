import fs from 'node:fs';
import path from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../platform/env-values.js';
import { SubgraphsSection, type OrdinarySubgraphEntry, type ShardedSubgraphEntry } from './config-schema.js';
import { durationMs } from './duration.js';
import type { Shard, ShardBreaker, SubgraphList } from './subgraph-list.js';

/** The keys of gateway.yaml this loader reads; the typed configuration adds the others. */
const OWNED_KEYS = new Set(['subgraphs', 'supergraphSdl']);

/** Where gateway.yaml is: `--config <file>` first, then GATEWAY_CONFIG; the other arguments are passed on. */
export function configFileArgument(argv: string[], env: NodeJS.ProcessEnv): { file: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') {
      file = argv[++i];
      if (!file) throw new ConfigError('--config needs a file: --config gateway.yaml');
    } else if (arg.startsWith('--config=')) file = arg.slice('--config='.length);
    else rest.push(arg);
  }
  return { file: file ?? (env.GATEWAY_CONFIG || undefined), rest };
}

/** Reads and checks gateway.yaml's subgraph keys; `fallback` (from the environment) when there is no file. */
export function loadSubgraphs(file: string | undefined, fallback: SubgraphsSection): SubgraphList {
  if (!file) return resolveSubgraphs(fallback, process.cwd());
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`gateway configuration ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`gateway configuration ${file} is not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return resolveSubgraphs(checkSection(document, file), path.dirname(path.resolve(file)));
}

/**
 * The subgraph keys the typed configuration read from gateway.yaml (its `fileSections`, see
 * registerSubgraphSections), or `fallback` (from the environment) when the file has none.
 */
export function subgraphsFromSections(sections: Record<string, unknown>, file: string | undefined, fallback: SubgraphsSection): SubgraphList {
  const owned = Object.fromEntries(Object.entries(sections).filter(([key]) => OWNED_KEYS.has(key)));
  if (!file || Object.keys(owned).length === 0) return resolveSubgraphs(fallback, process.cwd());
  return resolveSubgraphs(checkSection(owned, file), path.dirname(path.resolve(file)));
}

/** Tells the typed configuration that gateway.yaml's `subgraphs:` and `supergraphSdl:` are this loader's. */
export function registerSubgraphSections(sections: Record<string, TSchema>): void {
  sections.subgraphs = SubgraphsSection.properties.subgraphs;
  sections.supergraphSdl = SubgraphsSection.properties.supergraphSdl;
}

/** The document as the schema's type, or the first problem as one line naming the key and what is accepted. */
export function checkSection(document: unknown, where: string): SubgraphsSection {
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw new ConfigError(`${where}: expected a YAML mapping with a subgraphs: list`);
  const unread = Object.keys(document).filter((key) => !OWNED_KEYS.has(key));
  if (unread.length) {
    throw new ConfigError(`${where}: ${unread.join(', ')}: not a key of the subgraphs section (accepted: subgraphs, supergraphSdl)`);
  }
  if (!Value.Check(SubgraphsSection, document)) {
    const first = deepestProblem(SubgraphsSection, document, '');
    const at = first.path.replace(/^\//, '').replace(/\//g, '.') || '(top)';
    throw new ConfigError(`${where}: ${at} = ${JSON.stringify(first.value)}: ${first.message}`);
  }
  return document;
}

/**
 * The most specific problem: a value that fits no member of a union (an entry that is neither
 * ordinary nor sharded) is judged by the member that gets furthest into it, so the line names
 * `subgraphs.0.timeout` rather than "subgraphs.0: expected union value".
 */
function deepestProblem(schema: TSchema, value: unknown, prefix: string): { path: string; value: unknown; message: string } {
  const first = [...Value.Errors(schema, value)].sort((a, b) => b.path.length - a.path.length)[0]!;
  const found = { path: prefix + first.path, value: first.value, message: (first.schema.description as string | undefined) ?? first.message };
  const members = (first.schema as { anyOf?: TSchema[] }).anyOf;
  if (!members) return found;
  // A wrong value beats a missing key: `url: ftp://a` is a bad URL, not a sharded entry without shards.
  const rank = (p: { path: string; value: unknown }) => (p.value === undefined ? 0 : 10_000) + p.path.length;
  const inner = members.map((member) => deepestProblem(member, first.value, found.path)).sort((a, b) => rank(b) - rank(a))[0];
  return inner && inner.path.length > found.path.length ? inner : found;
}

const isSharded = (entry: OrdinarySubgraphEntry | ShardedSubgraphEntry): entry is ShardedSubgraphEntry => 'shards' in entry;

/** The checked section as the gateway uses it: durations in ms, shard keys upper-case, the supergraph file read. */
export function resolveSubgraphs(section: SubgraphsSection, baseDir: string): SubgraphList {
  const entries = section.subgraphs ?? [];
  if (!entries.length && !section.supergraphSdl) throw new ConfigError('gateway configuration: set subgraphs: (a list) or supergraphSdl: (a file)');
  const names = new Set<string>();
  for (const entry of entries) {
    if (names.has(entry.name)) throw new ConfigError(`subgraphs: the name "${entry.name}" is used twice`);
    names.add(entry.name);
  }
  const shardedEntries = entries.filter(isSharded);
  // One set of breakers, caches and metrics keyed by shard key serves them; a second would share them.
  if (shardedEntries.length > 1)
    throw new ConfigError(`subgraphs: ${shardedEntries.map((e) => e.name).join(', ')} are all sharded; one sharded subgraph is supported`);
  const ordinary = entries.filter((e): e is OrdinarySubgraphEntry => !isSharded(e));
  if (section.supergraphSdl && ordinary.length) {
    throw new ConfigError(
      `subgraphs: ${ordinary[0]!.name} has a url: but supergraphSdl: is set; the supergraph file names the ordinary subgraphs' URLs, list only sharded ones`,
    );
  }
  for (const entry of ordinary) refuseOnOrdinary(entry);
  return {
    ordinary: ordinary.map((e) => ({ name: e.name, url: e.url, timeoutMs: e.timeout ? durationMs(e.timeout) : null })),
    sharded: shardedEntries[0] ? { name: shardedEntries[0].name, shards: shardsOf(shardedEntries[0]) } : null,
    supergraphSdl: section.supergraphSdl ? readSupergraph(path.resolve(baseDir, section.supergraphSdl)) : null,
  };
}

type BreakerEntry = NonNullable<ShardedSubgraphEntry['breaker']>;

function shardsOf(entry: ShardedSubgraphEntry): Shard[] {
  const seen = new Set<string>();
  return Object.entries(entry.shards).map(([rawKey, value]) => {
    const key = rawKey.toUpperCase();
    if (seen.has(key)) throw new ConfigError(`subgraphs: ${entry.name}.shards lists ${key} twice`);
    seen.add(key);
    const shard = typeof value === 'string' ? { url: value } : value;
    const timeout = shard.timeout ?? entry.timeout;
    return {
      key,
      url: shard.url,
      timeoutMs: timeout ? durationMs(timeout) : null,
      // Key by key: a shard that sets only `openFor` keeps the subgraph's `failureThreshold`.
      breaker: breakerOf(`${entry.name}.shards.${rawKey}`, { ...entry.breaker, ...shard.breaker }),
      cache: (shard.cache ?? entry.cache)?.enabled ?? null,
    };
  });
}

function breakerOf(where: string, b: BreakerEntry): ShardBreaker {
  const out: ShardBreaker = {};
  if (b.failureThreshold !== undefined) out.failureThreshold = b.failureThreshold;
  if (b.openFor !== undefined) out.openMs = durationMs(b.openFor);
  if (b.maxOpenFor !== undefined) out.maxOpenMs = durationMs(b.maxOpenFor);
  if (b.probeTimeout !== undefined) out.probeTimeoutMs = durationMs(b.probeTimeout);
  if (out.openMs !== undefined && out.maxOpenMs !== undefined && out.openMs > out.maxOpenMs)
    throw new ConfigError(`subgraphs: ${where}.breaker: openFor = ${b.openFor} is longer than maxOpenFor = ${b.maxOpenFor} (accepted: openFor <= maxOpenFor)`);
  return out;
}

/** An ordinary subgraph is asked as @apollo/gateway asks it: no breaker or cache of ours stands in front of it. */
function refuseOnOrdinary(entry: OrdinarySubgraphEntry): void {
  for (const key of ['breaker', 'cache'] as const) {
    if (entry[key] !== undefined)
      throw new ConfigError(
        `subgraphs: ${entry.name}.${key}: only a sharded subgraph (shards:) has a ${key}; an ordinary subgraph (url:) is served as @apollo/gateway serves it`,
      );
  }
}

function readSupergraph(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`supergraphSdl: ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

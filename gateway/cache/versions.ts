import { createHash } from 'node:crypto';
import { VersionStream, versionStreamUrlOf } from './version-stream.js';

export interface VersionBookOptions {
  silenceMs: number;
  retryMs: number;
  maxRetryMs: number;
  maxEventBytes: number;
}

/** What the cache needs to know of the nodes' data versions (a fake in unit tests). */
export interface VersionSource {
  /** The stamp to key a request to `country` with now, or null while in doubt (do not cache). */
  stamp(country: string): string | null;
  /** A write went to `country` through this gateway and has been answered. */
  wrote(country: string): void;
  /** Something says `country` may have changed unseen (a failed request, an open circuit). */
  doubt(country: string, reason: string): void;
}

interface NodeVersion {
  /** Which node this is (a digest of its URL): two federations sharing a Redis never share keys. */
  tag: string;
  version: number | null;
  /** Writes this gateway saw answered since `version` was announced. */
  writes: number;
  stream: VersionStream | null;
  /** The newest version announced and the writes sent since, kept while in doubt (see `newest`). */
  latest: DataVersion | null;
}

/** A node's data version as this gateway knows it: announced `version` plus `writes` it sent since. */
export interface DataVersion {
  version: number;
  writes: number;
  tag: string;
}

/**
 * The data version of each country node, learned from its stream (gateway/cache/version-stream.ts)
 * without asking per request. A stamp is `version.writes.tag`: `writes` counts the writes this
 * gateway sent to the node since it announced `version`, so a client that wrote through this
 * gateway reads its own write even before the announcement arrives; it goes back to 0 with
 * each announcement, so gateways sharing a cache (Redis) agree on stamps between writes; `tag`
 * names the node by its URL, so federations sharing one Redis never read each other's entries.
 * On any doubt the version is forgotten (stamp null: no cache for that node) and `onDoubt`
 * drops the node's entries; trust comes back only with the next version the stream announces.
 */
export class VersionBook implements VersionSource {
  private readonly nodes = new Map<string, NodeVersion>();
  private readonly listeners: Array<(country: string) => void> = [];

  constructor(
    private readonly options: VersionBookOptions,
    private readonly onDoubt: (country: string, reason: string) => void,
  ) {}

  /** Follows `country`'s stream beside `graphqlUrl`. */
  follow(country: string, graphqlUrl: string): void {
    const node = this.node(country);
    node.tag = createHash('sha256').update(graphqlUrl).digest('base64url').slice(0, 8);
    node.stream?.stop();
    node.stream = new VersionStream({
      url: versionStreamUrlOf(graphqlUrl),
      ...this.options,
      onVersion: (version) => this.announced(country, version),
      onLost: (reason) => this.forget(country, `version stream lost: ${reason}`),
    });
    node.stream.start();
  }

  stamp(country: string): string | null {
    const node = this.nodes.get(country);
    return node?.version == null ? null : `${node.version}.${node.writes}${node.tag && `.${node.tag}`}`;
  }

  /** The version `country` last announced, or null while in doubt. */
  version(country: string): number | null {
    return this.nodes.get(country)?.version ?? null;
  }

  wrote(country: string): void {
    const node = this.nodes.get(country);
    if (node) node.writes += 1;
    if (node?.latest) node.latest.writes += 1;
  }

  /**
   * The newest data version known of `country`, also while in doubt (stamp null): last known data
   * taken at anything else is older than something the gateway has seen and never stands in.
   */
  newest(country: string): DataVersion | null {
    const latest = this.nodes.get(country)?.latest;
    return latest ? { ...latest } : null;
  }

  /** `newest`, only while not in doubt: the version an answer received now was taken at. */
  current(country: string): DataVersion | null {
    return this.version(country) === null ? null : this.newest(country);
  }

  doubt(country: string, reason: string): void {
    const node = this.nodes.get(country);
    if (!node || node.version === null) return;
    // The stream may look fine while the node is not; only a fresh announcement restores trust.
    if (node.stream) node.stream.restart(reason);
    else this.forget(country, reason);
  }

  /** Told whenever a node announces a version other than the one known (the last known data's warmer). */
  onNewVersion(listener: (country: string) => void): void {
    this.listeners.push(listener);
  }

  /** Applies an announcement (exported for tests that have no real stream). */
  announced(country: string, version: number): void {
    const node = this.node(country);
    // A version going backwards means the database was replaced (restored, recreated): nothing cached from it holds.
    if (node.version !== null && version < node.version) this.onDoubt(country, `version went back from ${node.version} to ${version}`);
    if (node.version === null || version !== node.version) {
      node.version = version;
      node.writes = 0;
      for (const listener of this.listeners) listener(country);
    }
    if (node.latest?.version !== version) node.latest = { version, writes: 0, tag: node.tag };
  }

  stop(): void {
    for (const node of this.nodes.values()) node.stream?.stop();
  }

  private forget(country: string, reason: string): void {
    const node = this.node(country);
    if (node.version === null) return; // already in doubt: nothing was cached since
    node.version = null;
    node.writes = 0;
    this.onDoubt(country, reason);
  }

  private node(country: string): NodeVersion {
    let node = this.nodes.get(country);
    if (!node) this.nodes.set(country, (node = { tag: '', version: null, writes: 0, stream: null, latest: null }));
    return node;
  }
}

import { HealthBook, type NodeState, type SubgraphState } from './health-book.js';
import type { SubgraphList } from './subgraphs/subgraph-list.js';
import { SupergraphSource, type SourceSettings } from './supergraph-source.js';

export type { NodeState, NodeStatus, SubgraphState } from './health-book.js';
export { sdlHash } from './supergraph-source.js';

/**
 * The gateway's view of its subgraphs, in two parts: the supergraph source (polling, schema
 * voting, composition) and the health book (what each subgraph and shard is doing). This facade
 * is what the server, the data sources and the tests hold.
 */
export class NodeRegistry {
  readonly book: HealthBook;
  readonly source: SupergraphSource;

  constructor(
    readonly list: SubgraphList,
    settings: SourceSettings,
    log: (m: string) => void = () => {},
  ) {
    this.book = new HealthBook(list);
    this.source = new SupergraphSource(list, this.book, settings, log);
  }

  get nodes(): Map<string, NodeState> {
    return this.book.nodes;
  }
  get subgraphs(): Map<string, SubgraphState> {
    return this.book.subgraphs;
  }
  get rejectedSchemas(): Map<string, string[]> {
    return this.book.rejectedSchemas;
  }
  get countries(): string[] {
    return this.book.countries;
  }
  get spec() {
    return this.source.spec;
  }
  get supergraphSdl(): string | null {
    return this.source.supergraphSdl;
  }
  get shardSchemaHash(): string | null {
    return this.book.shardSchemaHash;
  }
  unusableReason(country: string): string | null {
    return this.book.unusableReason(country);
  }
  probe(country: string, timeoutMs: number): Promise<string | null> {
    return this.book.probe(country, timeoutMs);
  }
  refresh(): Promise<void> {
    return this.source.refresh();
  }
  waitForSupergraph(timeoutMs: number): Promise<string> {
    return this.source.waitForSupergraph(timeoutMs);
  }
  stop(): void {
    this.source.stop();
  }
}

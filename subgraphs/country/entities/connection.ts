import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Summed } from '../sharding.js';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean, {
    description: 'Connections here are forward-only: true when `after` was given and at least one row precedes the page (Relay connection specification).',
  })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a list resolver returns; each part is computed only when the query selects it. */
export interface ConnectionData<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * A Relay connection of `node` (`XConnection` with `XEdge`), as in type-graphql's generic-types
 * example: `@ObjectType() class EventConnection extends Connection(Event) {}`.
 */
export function Connection<T extends object>(node: ClassType<T>) {
  @ObjectType(`${node.name}Edge`)
  class EdgeType {
    @Field() cursor!: string;
    @Field(() => node) node!: T;
  }

  // Not referenced by any field, so type-graphql 2 does not emit it; only the subclass is a schema type.
  @ObjectType(`${node.name}ConnectionBase`)
  abstract class ConnectionType {
    @Field(() => [EdgeType]) edges!: EdgeType[];
    @Field(() => [node]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) @Summed() totalCount!: number;
  }
  return ConnectionType;
}

export function emptyConnection<T>(): ConnectionData<T> {
  return { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 0 };
}

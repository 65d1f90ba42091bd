/**
 * The Relay cursor-connection protocol a `@shardPage` field follows: these are the names of the
 * spec (https://relay.dev/graphql/connections.htm), not of any domain type.
 */
export const RELAY = {
  first: 'first',
  after: 'after',
  edges: 'edges',
  nodes: 'nodes',
  cursor: 'cursor',
  pageInfo: 'pageInfo',
  hasNextPage: 'hasNextPage',
  hasPreviousPage: 'hasPreviousPage',
  startCursor: 'startCursor',
  endCursor: 'endCursor',
} as const;

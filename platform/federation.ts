import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, getMetadataStorage, type BuildSchemaOptions } from 'type-graphql';

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@inaccessible"])';

export interface FederatedSchema {
  schema: GraphQLSchema;
  /** The subgraph SDL as type-graphql printed it (what `_service { sdl }` serves, minus the link). */
  typeDefs: string;
}

/**
 * type-graphql builds the schema from decorated classes; @apollo/subgraph then turns its SDL
 * (federation directives kept via printSchemaWithDirectives) into a Federation 2 subgraph with
 * `_entities`/`_service`. Reference resolvers are merged into the resolver map.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: GraphQLResolverMap<unknown> = {},
): Promise<FederatedSchema> {
  // Parameter decorators run last-to-first, so type-graphql would print arguments in reverse
  // (`events(after, first, orderBy, filter)`); declaration order is what the contract shows.
  getMetadataStorage().params.sort((a, b) => a.index - b.index);
  const schema = await buildSchema({ ...options, skipCheck: true });
  const printed = printSchemaWithDirectives(schema);
  const typeDefs = `${FEDERATION_LINK}\n\n${printed}`;
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, fields] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(fields as object) } as never;
  }
  const federated = buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers });
  return { schema: federated, typeDefs };
}

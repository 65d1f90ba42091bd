import { isObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * type-graphql gives every field a resolver, even a plain `@Field() city` that only reads the
 * property of the same name: a closure that builds a resolver-data object and runs the (empty)
 * middleware chain, per field per row. For such fields graphql-js's default resolver does the
 * same read directly. type-graphql's own switch for this is `simpleResolvers` on each
 * `@ObjectType`; doing it here once keeps the entity classes as they are and covers every type.
 *
 * A field keeps its resolver when it has a field resolver, middlewares or roles, or a schema
 * name other than its property's. The country schema has no global middlewares or auth checker
 * (those would run in the wrapper too); `countrySchema` builds it without either.
 * Returns how many fields now resolve by default.
 */
export function usePlainFieldResolvers(schema: GraphQLSchema): number {
  const storage = getMetadataStorage();
  let plain = 0;
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const chain = new Set<unknown>();
    for (let c: unknown = objectType.target; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) chain.add(c);
    const resolved = new Set(storage.fieldResolvers.filter((r) => chain.has(r.getObjectType?.()) || chain.has(r.target)).map((r) => r.schemaName));
    const fields = type.getFields();
    for (const field of storage.fields) {
      if (!chain.has(field.target) || field.name !== field.schemaName || resolved.has(field.schemaName)) continue;
      if (field.middlewares?.length || field.roles?.length) continue;
      const graphqlField = fields[field.schemaName];
      if (!graphqlField?.resolve) continue;
      graphqlField.resolve = undefined;
      plain++;
    }
  }
  return plain;
}

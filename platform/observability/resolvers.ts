import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { tracer } from './tracing.js';

const TRACED = Symbol('ilo.traced');

/**
 * The fields that do work: every root field (queries, mutations, `_entities`) and every
 * type-graphql `@FieldResolver` (relations loaded through DataLoaders). Plain property fields
 * (type-graphql gives each one a trivial resolver) are left alone: a span per scalar of a page
 * of 500 rows would cost more than the request.
 */
export function workingFields(schema: GraphQLSchema): Set<string> {
  const fields = new Set<string>();
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (root) for (const name of Object.keys(root.getFields())) fields.add(`${root.name}.${name}`);
  }
  const storage = getMetadataStorage();
  for (const resolver of storage.fieldResolvers) {
    const target = resolver.getObjectType?.();
    const typeName = storage.objectTypes.find((o) => o.target === target)?.name;
    if (typeName) fields.add(`${typeName}.${resolver.schemaName}`);
  }
  return fields;
}

/**
 * Wraps the resolvers of `fields` so each call runs in its own span, made active so the SQL it
 * sends is nested under it. Done in place and once per schema (the schema object is shared by
 * every node built in this process); only called while tracing is on.
 */
export function traceResolvers(schema: GraphQLSchema, fields: Set<string> = workingFields(schema)): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as (GraphQLFieldResolver<unknown, unknown> & { [TRACED]?: true }) | undefined;
      if (!resolve || resolve[TRACED] || !fields.has(`${type.name}.${field.name}`)) continue;
      const name = `resolve ${type.name}.${field.name}`;
      const traced: GraphQLFieldResolver<unknown, unknown> & { [TRACED]?: true } = (source, args, ctx, info) => {
        const span = tracer().startSpan(name, { attributes: { 'graphql.field.path': pathOf(info.path) } });
        const finish = (error?: unknown) => {
          if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
          span.end();
        };
        try {
          const result = context.with(trace.setSpan(context.active(), span), () => resolve(source, args, ctx, info));
          if (result && typeof (result as Promise<unknown>).then === 'function') {
            return (result as Promise<unknown>).then(
              (value) => (finish(), value),
              (error) => {
                finish(error);
                throw error;
              },
            );
          }
          finish();
          return result;
        } catch (error) {
          finish(error);
          throw error;
        }
      };
      traced[TRACED] = true;
      field.resolve = traced;
    }
  }
  return schema;
}

function pathOf(path: { prev: unknown; key: string | number } | undefined): string {
  const keys: Array<string | number> = [];
  for (let p = path; p; p = p.prev as typeof path) keys.unshift(p.key);
  return keys.join('.');
}

import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getNamedType,
  GraphQLError,
  isAbstractType,
  printSchema,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/** Distinct (document, operation) pairs kept compiled; the gateway sends a handful of shapes per list. */
const DEFAULT_MAX_COMPILED = 500;

type Compiled = CompiledQuery;

/** Operations answered by each path since start, in this process (tests check the compiled path is the one taken). */
export const compiledExecutionCounts = { compiled: 0, graphqlJs: 0 };

/**
 * Executes queries with graphql-jit (an operation compiled once to a JavaScript function) instead
 * of graphql-js's `execute`, which walks the document for every field of every row. Everything
 * else of the request (parsing, validation, plugins, error formatting) stays Apollo Server's: it
 * only takes another executor through its gateway interface, and this is that gateway, over a
 * fixed schema.
 *
 * What graphql-jit does not cover the same way goes to graphql-js: mutations and subscriptions
 * (their effects must not depend on a second engine), operations it refuses to compile, and
 * answers without data (variable coercion errors: no resolver ran, so graphql-js gives its own
 * messages). Errors are rebuilt as graphql-js errors: graphql-jit's own error class has no
 * `extensions` when the resolver's error had none, which Apollo's formatting requires.
 */
export function compiledExecution(schema: GraphQLSchema, maxCompiled = DEFAULT_MAX_COMPILED): GatewayInterface {
  // A refused compilation is remembered too, so a shape graphql-jit refuses costs one attempt.
  const compiled = new LRUCache<string, Compiled | { failed: true }>({ max: maxCompiled });
  // Compiling costs many executions: an operation is compiled the second time it is seen, so a
  // client sending one-off documents (a node should only hear the gateway, but may hear more)
  // makes it run graphql-js, not the compiler (as Mercurius's `jit: 1`).
  const seenOnce = new LRUCache<string, true>({ max: maxCompiled * 4 });
  const compiledFor = (document: DocumentNode, operation: OperationDefinitionNode, source: string, operationName: string | null): Compiled | null => {
    const key = `${operationName ?? ''}\n${source}`;
    let entry = compiled.get(key);
    if (!entry) {
      if (!seenOnce.has(key)) {
        seenOnce.set(key, true);
        return null;
      }
      seenOnce.delete(key);
      entry = compile(schema, document, operationName, operation);
      compiled.set(key, entry);
    }
    return 'failed' in entry ? null : entry;
  };
  const executor: GatewayExecutor = async (request) => {
    const { document, operation, source, operationName, context } = request;
    const variables = request.request.variables;
    const plan = operation.operation === 'query' ? compiledFor(document, operation, source, operationName) : null;
    if (plan) {
      const result = await plan.query(undefined, context, variables ?? {});
      if ('data' in result && result.data !== undefined) {
        compiledExecutionCounts.compiled++;
        return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
      }
    }
    compiledExecutionCounts.graphqlJs++;
    return (await execute({ schema, document, contextValue: context, variableValues: variables, operationName })) as ExecutionResult<Record<string, unknown>>;
  };
  return {
    load: async () => ({ executor }),
    onSchemaLoadOrUpdate(callback) {
      // Apollo Server reads the schema from here; no plugin of ours reads the SDL.
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    stop: async () => {
      compiled.clear();
      seenOnce.clear();
    },
  };
}

function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | null, operation: OperationDefinitionNode): Compiled | { failed: true } {
  // No @defer or @stream here: graphql 16 does not know them, validation refuses them.
  if (operation.operation !== 'query' || reachesAsyncTypeResolution(schema, document)) return { failed: true };
  try {
    // The path-based @skip/@include follows the spec for directives on fragment spreads; the older default does not.
    const result = compileQuery(schema, document, operationName ?? undefined, { useExperimentalPathBasedSkipInclude: true });
    return isCompiledQuery(result) ? (result as Compiled) : { failed: true };
  } catch {
    return { failed: true };
  }
}

/**
 * graphql-jit does not wait for a type resolver's promise (type-graphql's interfaces resolve types
 * in an async function) and has no default resolution by `__typename`; graphql-js has both.
 */
function reachesAsyncTypeResolution(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let reaches = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = getNamedType(typeInfo.getType());
        if (type && isAbstractType(type) && (!type.resolveType || type.resolveType.constructor.name === 'AsyncFunction')) reaches = true;
      },
    }),
  );
  return reaches;
}

/**
 * A graphql-js error with the same message, locations, path and original error (see
 * compiledExecution). graphql-jit words one error of its own differently: a field whose value is
 * not a list (graphql-js quotes the field's coordinate).
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const notIterable = error.originalError ? null : /^Expected Iterable, but did not find one for field (\w+\.\w+)\.$/.exec(error.message);
  const message = notIterable ? `Expected Iterable, but did not find one for field "${notIterable[1]}".` : error.message;
  const rebuilt = new GraphQLError(message, { path: error.path, originalError: error.originalError });
  if (error.locations?.length) Object.defineProperty(rebuilt, 'locations', { value: error.locations, enumerable: true, writable: true, configurable: true });
  if (error.originalError?.stack) rebuilt.stack = error.originalError.stack;
  return rebuilt;
}

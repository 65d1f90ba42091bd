import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import type { ApolloGateway, Experimental_DidResolveQueryPlanCallback, GraphQLDataSource } from '@apollo/gateway';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import { deepMerge } from '@apollo/gateway/dist/utilities/deepMerge.js';
import { ERRORS, errorCodeDef, operationFromDocument, type Operation, type Schema } from '@apollo/federation-internals';
import type { FetchNode } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  BREAK,
  getVariableValues,
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';
import { tracingEnabled } from '../platform/observability/tracing.js';

/** The parts of ApolloGateway the fast path reads; private there, so checked once they exist (see `attach`). */
interface GatewayInternals {
  schema?: GraphQLSchema;
  apiSchema?: Schema;
  serviceMap: Record<string, { dataSource: GraphQLDataSource } | undefined>;
}

/** What one operation whose plan is a single fetch needs on every later request. */
interface SingleFetch {
  schema: GraphQLSchema;
  fetch: FetchNode;
  operation: Operation;
  variableDefinitions: readonly VariableDefinitionNode[] | undefined;
}

const ENTRY_LIMIT = 2000;

/**
 * Executes operations whose query plan is one fetch (a cross-country page, an entity query on one
 * subgraph) as @apollo/gateway's executor would, without its per-request work that does not depend
 * on the request: building the operation context and the federation `Operation`, hashing the
 * plan key, the plan store, the no-op tracing spans and the serviceMap copy. What does depend on
 * the request (variable coercion, the fetch, error mapping, result shaping) runs exactly as there,
 * shaping with Apollo's own `computeResponse`. Plans are learnt from Apollo's executor through
 * `experimental_didResolveQueryPlan` (after the plan budget accepted them), so the first request
 * of an operation, and any plan this does not cover, is Apollo's.
 */
export class SingleFetchPath {
  private readonly entries = new Map<string, SingleFetch>();
  private internals: GatewayInternals | null = null;
  /** Requests answered here (tests check that the fast path was taken). */
  served = 0;

  /** The gateway whose plans are learnt; wraps its executor in what Apollo Server is given. */
  attach(gateway: ApolloGateway): GatewayInterface {
    this.internals = gateway as unknown as GatewayInternals;
    return {
      load: async (options) => {
        const loaded = await gateway.load(options);
        return { ...loaded, executor: loaded.executor && this.wrap(loaded.executor) };
      },
      onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
      stop: () => gateway.stop(),
    };
  }

  /** Chains after the plan budget: sees every plan Apollo's executor is about to run. */
  readonly learn: Experimental_DidResolveQueryPlanCallback = ({ queryPlan, operationContext, requestContext }) => {
    const internals = this.internals;
    const node = queryPlan.node;
    const key = planKey(requestContext);
    if (!internals?.apiSchema || key === null || node?.kind !== 'Fetch' || !covered(node)) return;
    // A schema update between this request's start and here would pair the plan with the wrong schema.
    if (operationContext.schema !== internals.schema || operationContext.operation.operation !== 'query') return;
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operationContext.operation, ...Object.values(operationContext.fragments)] };
    // Apollo answers introspection fields itself, outside the fetch: left to it.
    if (hasIntrospection(document)) return;
    let operation: Operation;
    try {
      operation = operationFromDocument(internals.apiSchema, document, { validate: false });
    } catch {
      // Apollo's executor answers this with the error, on every request: left to it.
      return;
    }
    if (this.entries.size >= ENTRY_LIMIT) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { schema: operationContext.schema, fetch: node, operation, variableDefinitions: operationContext.operation.variableDefinitions });
  };

  private wrap(apollo: GatewayExecutor): GatewayExecutor {
    return (requestContext) => {
      const key = planKey(requestContext);
      const entry = key === null ? undefined : this.entries.get(key);
      // Spans, usage traces and the exposed query plan are what Apollo's executor adds: it keeps them.
      if (!entry || entry.schema !== this.internals?.schema || tracingEnabled() || requestContext.metrics.captureTraces) return apollo(requestContext);
      if (requestContext.request.http?.headers.get('Apollo-Query-Plan-Experimental')) return apollo(requestContext);
      this.served += 1;
      return this.execute(entry, requestContext);
    };
  }

  /** executor + executeQueryPlan + executeFetch of @apollo/gateway 2.x for a plan of one root fetch. */
  private async execute(entry: SingleFetch, requestContext: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    const { request } = requestContext;
    if (entry.variableDefinitions) {
      const { errors } = getVariableValues(entry.schema, entry.variableDefinitions, request.variables || {});
      if (errors && errors.length > 0) return { errors };
    }
    const errors: unknown[] = [];
    const unfilteredData: Record<string, unknown> = Object.create(null);
    try {
      deepMerge(unfilteredData, await this.fetch(entry.fetch, requestContext, errors));
    } catch (error) {
      errors.push(error);
    }
    const variables = request.variables;
    let data;
    try {
      let shapingErrors: GraphQLError[];
      ({ data, errors: shapingErrors } = computeResponse({
        operation: entry.operation,
        variables,
        input: unfilteredData,
        introspectionHandling: () => {
          throw new Error('introspection is left to the gateway');
        },
      }));
      if (errors.length === 0 && shapingErrors.length > 0) return { extensions: { valueCompletion: shapingErrors }, data };
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
      (requestContext.logger || console).error('Unexpected error during query plan execution: ' + String(error));
      return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
    }
    return errors.length === 0 ? { data } : { errors: errors as GraphQLError[], data };
  }

  private async fetch(fetch: FetchNode, requestContext: GatewayGraphQLRequestContext, errors: unknown[]): Promise<Record<string, unknown> | null | undefined> {
    const service = this.internals?.serviceMap[fetch.serviceName]?.dataSource;
    if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
    const provided = requestContext.request.variables;
    const variables: Record<string, unknown> = Object.create(null);
    for (const name of fetch.variableUsages ?? []) {
      if (provided && Object.prototype.hasOwnProperty.call(provided, name) && typeof provided[name] !== 'undefined') variables[name] = provided[name];
    }
    const response = await service.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query: fetch.operation, variables, operationName: fetch.operationName, http: undefined },
      incomingRequestContext: requestContext,
      context: requestContext.context,
      document: fetch.operationDocumentNode,
      pathInIncomingRequest: [],
    });
    if (response.errors) {
      errors.push(...response.errors.map((error) => downstreamServiceError(error, fetch.serviceName)));
      if (!response.extensions?.ftv1) {
        const paths = response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path }));
        const metrics = requestContext.metrics;
        if (metrics.nonFtv1ErrorPaths) metrics.nonFtv1ErrorPaths.push(...paths);
        else metrics.nonFtv1ErrorPaths = paths;
      }
    }
    return response.data;
  }
}

/** Apollo's plan store key, as a string: the same query text under another operation name is another plan. */
function planKey(requestContext: GatewayGraphQLRequestContext): string | null {
  const { queryHash, request } = requestContext;
  return queryHash ? `${request.operationName ?? ''}\n${queryHash}` : null;
}

/** Fetch features executeFetch handles beyond sending the operation and merging its data at the root. */
function covered(fetch: FetchNode): boolean {
  return (
    !fetch.requires &&
    !fetch.hasDefers &&
    !fetch.inputRewrites?.length &&
    !fetch.outputRewrites?.length &&
    !fetch.contextRewrites?.length &&
    fetch.operationKind === 'query'
  );
}

function hasIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field: (field) => {
      if (field.name.value === '__schema' || field.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** @apollo/gateway's downstreamServiceError for a root fetch (the error's path is already the client's). */
function downstreamServiceError(originalError: GraphQLFormattedError, serviceName: string): GraphQLError {
  const message = originalError.message || `Error while fetching subquery from service "${serviceName}"`;
  const { extensions } = originalError;
  const options = {
    originalError: originalError as Error,
    path: originalError.path ? [...originalError.path.slice()] : undefined,
    extensions: { ...extensions, serviceName },
  };
  const codeDef = errorCodeDef(originalError);
  if (!codeDef && extensions?.code) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

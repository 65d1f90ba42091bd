import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GatewayContext } from './context.js';
import { parseFetch } from './operation.js';
import { FetchErrors } from './plan/errors.js';
import { executeQuery } from './plan/execute.js';
import { PageFetchPolicy } from './plan/page-policy.js';
import { planMutation, planQuery } from './plan/plan.js';
import { runMutations } from './primitives/sequential-mutations.js';
import type { ShardingSpec } from './sharding/spec.js';
import type { Transport } from './transport/transport.js';

/** Where the data source learns the current sharding declarations and the configured countries. */
export interface ShardSource {
  readonly spec: ShardingSpec | null;
  readonly countries: string[];
}

/**
 * One logical subgraph deployed once per country, as a single `buildService` data source:
 * each fetch the query planner makes is planned from the subgraph's own sharding declarations
 * (see plan/plan.ts) and executed over the injected transport (see plan/execute.ts).
 */
export class ShardedSubgraph implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly source: ShardSource,
    private readonly transport: Transport,
    private readonly defaultTimeoutMs: number,
    private readonly pages: PageFetchPolicy = new PageFetchPolicy(),
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const spec = this.source.spec;
    if (!spec) throw new Error('No country schema has been composed yet');
    const { request } = options;
    const parsed = parseFetch(request.query!, request.operationName);
    const variables = (request.variables ?? {}) as Record<string, unknown>;
    const context = 'context' in options ? (options.context as Partial<GatewayContext> | undefined) : undefined;
    const common = { deadline: context?.deadline ?? Date.now() + this.defaultTimeoutMs, headers: { ...context?.forward }, maxStaleMs: context?.maxStaleMs };
    const countries = this.source.countries;
    const result =
      parsed.operation.operation === 'mutation'
        ? await runMutations(planMutation(parsed, variables, spec), parsed, variables, this.transport, new Set(countries), common)
        : await executeQuery(planQuery(parsed, variables, spec, countries, this.pages), {
            parsed,
            variables,
            spec,
            transport: this.transport,
            request: common,
            pages: this.pages,
            errors: new FetchErrors(),
          });
    return result.errors.length ? result : { data: result.data };
  }
}

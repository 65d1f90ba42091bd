import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../contract/errors.js';
import type { GatewayContext } from '../context.js';
import { injectTraceContext, tracingEnabled } from '../../platform/observability/tracing.js';

type SendArgs = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0];
type ReceiveArgs = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

export interface OrdinarySubgraphOptions {
  name: string;
  url: string;
  /** Longest one request may take before its fields fail. */
  timeoutMs: number;
  /** Told what each request learnt of the subgraph: null when it answered, else why not. */
  answered: (name: string, problem: string | null) => void;
}

/**
 * An ordinary subgraph, asked exactly as @apollo/gateway asks one, plus what a federation of
 * offices needs of every outgoing request: the caller's credentials, request id and trace context
 * forwarded, a timeout (Apollo's fetcher waits forever on a hung subgraph), and its health
 * learnt from its answers rather than from a /health it does not owe us.
 */
export class OrdinarySubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(private readonly options: OrdinarySubgraphOptions) {
    super({ url: options.url });
    const fetcher = this.fetcher;
    this.fetcher = (url, init) => fetcher(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
  }

  override willSendRequest({ request, context }: SendArgs): void {
    if (context) (context as Partial<GatewayContext>).ordinaryFetched = true;
    const headers: Record<string, string> = { ...(context as Partial<GatewayContext> | undefined)?.forward };
    if (tracingEnabled()) injectTraceContext(headers);
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
  }

  override didReceiveResponse({ response }: ReceiveArgs): GatewayGraphQLResponse {
    this.options.answered(this.options.name, null);
    return response;
  }

  /**
   * A subgraph that did not answer costs only its fields: the client sees SUBGRAPH_UNAVAILABLE
   * naming it (not the connection error, which names addresses and is logged via /health's
   * details). A 4xx says the request was refused (e.g. its own validation), not that the
   * subgraph is down: Apollo's own error passes on.
   */
  override didEncounterError(error: Error): void {
    const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
    if (status !== undefined && status < 500) {
      this.options.answered(this.options.name, null);
      throw error;
    }
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    const reason = timedOut ? `no answer within ${this.options.timeoutMs} ms` : status !== undefined ? `it answered HTTP ${status}` : 'it could not be reached';
    this.options.answered(this.options.name, timedOut || status !== undefined ? reason : `${reason}: ${error.message}`);
    throw new GraphQLError(`The subgraph ${this.options.name} did not answer (${reason}); its fields are missing from this answer`, {
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.options.name, reason, retryable: true },
    });
  }
}

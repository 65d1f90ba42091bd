import type http from 'node:http';
import { parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/http';
import type { Verifier } from '../../platform/auth.js';
import { read, type Env } from '../../platform/config/setting.js';
import { S } from '../../platform/config/settings/index.js';
import type { TrustFunction } from '../../platform/http/client-address.js';
import { clientKey } from '../rate-limit.js';
import { changesSubscription, countWrites, PREFIX, withSubscriptions } from './changes.js';
import { ChangeTicker } from './ticker.js';

export const SUBSCRIPTIONS_PATH = '/graphql/stream';

export interface SubscriptionLimits {
  /** Subscriptions one client may hold open at once (SUBSCRIPTIONS_PER_CLIENT). */
  perClient: number;
  /** Events waiting to be written to a client before its subscription is ended (SUBSCRIPTION_QUEUE_MAX). */
  queueMax: number;
  /** Longest wait between reads of the feed when no node announces a change (SUBSCRIPTION_POLL_MS). */
  pollMs: number;
}

export function subscriptionLimitsFromEnv(env: Env): SubscriptionLimits {
  return {
    perClient: read(env, S.SUBSCRIPTIONS_PER_CLIENT, 4),
    queueMax: read(env, S.SUBSCRIPTION_QUEUE_MAX, 16),
    pollMs: read(env, S.SUBSCRIPTION_POLL_MS, 30_000),
  };
}

export interface SubscriptionDeps {
  nodeUrls: () => string[];
  /** The gateway's own GraphQL URL, known once it listens. */
  graphqlUrl: () => string;
  verifier: Verifier | null;
  trust: TrustFunction;
  limits: SubscriptionLimits;
  log: (message: string) => void;
}

interface SubscriptionContext {
  [key: string | symbol]: unknown;
  authorization?: string;
  client: string;
  unwritten: () => number;
  signal: AbortSignal;
}

const refusal = (status: number, code: string, message: string) =>
  [
    JSON.stringify({ errors: [{ message, extensions: { code } }] }),
    { status, statusText: code, headers: { 'content-type': 'application/json; charset=utf-8' } },
  ] as [string, { status: number; statusText: string; headers: Record<string, string> }];

/**
 * `subscription { changes(since, filter) { … } }` over Server-Sent Events (the graphql-sse
 * protocol, distinct connections mode: one HTTP response per subscription) at
 * `/graphql/stream`. Apollo Gateway executes no subscriptions, so this answers them itself:
 * each is a loop over the change feed through the gateway's own `/graphql` (changes.ts), woken
 * by the nodes' data-version streams (ticker.ts). Bounded per client: `perClient` open
 * subscriptions (429 beyond), and a client `queueMax` events behind is ended with
 * SUBSCRIPTION_BEHIND (it resumes from its last watermark).
 */
export function createSubscriptionRoutes(deps: SubscriptionDeps): {
  routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>>;
  setSchema(apiSchema: GraphQLSchema): void;
} {
  let schema: GraphQLSchema | null = null;
  const ticker = new ChangeTicker(deps.nodeUrls, deps.limits.pollMs);
  const open = new Map<string, number>();
  const handler = createHandler<SubscriptionContext>({
    schema: () => {
      if (!schema) throw new Error('schema not composed yet');
      return schema;
    },
    // null: no single-connection mode; every subscription is its own response.
    authenticate: () => null,
    onSubscribe: async (req, params) => {
      if (!schema) return refusal(503, 'SCHEMA_NOT_READY', 'The gateway has not composed its schema yet; retry shortly');
      if (params.query.includes(PREFIX)) return refusal(400, 'GRAPHQL_VALIDATION_FAILED', `Names starting with ${PREFIX} are reserved`);
      let ops: OperationDefinitionNode[];
      try {
        ops = parse(params.query).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
      } catch {
        return refusal(400, 'GRAPHQL_PARSE_FAILED', 'The query is not GraphQL');
      }
      if (ops.some((o) => o.operation !== 'subscription')) {
        return refusal(400, 'BAD_REQUEST', `${SUBSCRIPTIONS_PATH} serves subscriptions; send queries and mutations to /graphql`);
      }
      const client = await clientKey(req.raw, deps.verifier, deps.trust);
      if ((open.get(client) ?? 0) >= deps.limits.perClient) {
        return refusal(429, 'RATE_LIMITED', `This client already holds ${deps.limits.perClient} subscriptions open; close one first`);
      }
    },
    context: async (req) => {
      const res = req.context.res;
      const client = await clientKey(req.raw, deps.verifier, deps.trust);
      open.set(client, (open.get(client) ?? 0) + 1);
      const abort = new AbortController();
      res.once('close', () => abort.abort());
      const written = countWrites(res);
      const ctx: SubscriptionContext = {
        authorization: req.raw.headers.authorization,
        client,
        signal: abort.signal,
        sent: 0,
        unwritten: () => (ctx.sent as number) - written(),
      };
      return ctx;
    },
    subscribe: (args) => {
      const ctx = args.contextValue as SubscriptionContext;
      return changesSubscription({
        schema: args.schema,
        document: args.document,
        operationName: args.operationName,
        variables: (args.variableValues ?? {}) as Record<string, unknown>,
        graphqlUrl: deps.graphqlUrl(),
        authorization: ctx.authorization,
        ticker,
        unwritten: ctx.unwritten,
        maxUnwritten: deps.limits.queueMax,
        signal: ctx.signal,
        log: deps.log,
      });
    },
    // Each event handed to graphql-sse's queue; countWrites sees it leave.
    onNext: (ctx) => {
      (ctx as SubscriptionContext).sent = ((ctx as SubscriptionContext).sent as number) + 1;
    },
    onComplete: (ctx) => {
      const client = (ctx as SubscriptionContext).client;
      const n = (open.get(client) ?? 1) - 1;
      if (n > 0) open.set(client, n);
      else open.delete(client);
    },
  });
  return {
    routes: { [SUBSCRIPTIONS_PATH]: handler },
    setSchema: (apiSchema) => (schema = withSubscriptions(apiSchema)),
  };
}

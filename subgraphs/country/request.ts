import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Verifier } from '../../platform/auth.js';
import type { CountryNodeConfig } from '../../platform/config.js';
import { deadlineFrom } from '../../contract/deadline.js';
import type { CountryContext, CountryPools } from './context.js';
import { createLoaders } from './data/loaders.js';
import { RequestDb } from './data/request-db.js';
import { SingleReadClassifier } from './data/single-read.js';

/** The context of one request: its deadline, its read transaction (on the read pool), its loaders and its caller. */
export async function createCountryContext(
  req: http.IncomingMessage,
  config: CountryNodeConfig,
  pools: CountryPools,
  verifier: Verifier,
): Promise<CountryContext> {
  const deadline = deadlineFrom(req.headers, config.requestTimeoutMs);
  const requestDb = new RequestDb(pools.reads, deadline, 'REPEATABLE READ');
  const key = req.headers['idempotency-key'];
  return {
    country: config.country,
    ds: pools.writes,
    lockTimeoutMs: config.dbLockTimeoutMs,
    db: requestDb.manager,
    requestDb,
    deadline,
    loaders: createLoaders(requestDb.manager),
    principal: await verifier.principalFrom(req.headers.authorization),
    idempotencyKey: typeof key === 'string' ? key : undefined,
    idempotencyTtlMs: config.idempotencyTtlMs,
  };
}

/**
 * A mutation's reads see each write before them (READ COMMITTED); a query whose reads are sent
 * at once may read without a transaction (see data/single-read.ts); every request gives its
 * connection back when its response is ready, whatever happened.
 */
export function requestLifecycle(schema: GraphQLSchema): ApolloServerPlugin<CountryContext> {
  const reads = new SingleReadClassifier(schema);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (operation?.operation === 'mutation') contextValue.requestDb.readCommitted();
          else if (operation && reads.isOneBurst(document, operation)) contextValue.requestDb.readsInOneBurst();
        },
        async willSendResponse({ contextValue }) {
          await contextValue.requestDb.release();
        },
      };
    },
  };
}

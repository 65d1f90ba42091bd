import type http from 'node:http';
import {
  extendSchema,
  getArgumentValues,
  Kind,
  OperationTypeNode,
  parse,
  print,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { ChangeTicker } from './ticker.js';

/** The one subscription field: the change feed, pushed. Not in the contract; documented in docs/clients.md. */
export const SUBSCRIPTION_SDL = `type Subscription {
  """The change feed (same Change records as Query.changes), pushed as changes commit; resume with the last watermark as since."""
  changes(since: String, filter: ChangeFilter): ChangeFeed!
}
extend schema { subscription: Subscription }`;

export function withSubscriptions(apiSchema: GraphQLSchema): GraphQLSchema {
  return extendSchema(apiSchema, parse(SUBSCRIPTION_SDL));
}

/**
 * Names the subscription adds to the feed query it runs (its own aliases and variables); a
 * subscription using this prefix itself is refused (route.ts), so they never collide.
 */
export const PREFIX = 'sse__';
const WATERMARK = `${PREFIX}watermark`;
const MORE = `${PREFIX}hasMore`;
/** Changes per read of the feed (its maximum). */
const FIRST = 500;
const TEMPLATE = parse(
  `query($${PREFIX}since: String, $${PREFIX}filter: ChangeFilter) { changes(since: $${PREFIX}since, first: ${FIRST}, filter: $${PREFIX}filter) { ${WATERMARK}: watermark ${MORE}: hasMore } }`,
).definitions[0] as OperationDefinitionNode;
const TEMPLATE_FIELD = TEMPLATE.selectionSet.selections[0] as FieldNode;

export interface ChangesSubscriptionArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables: Record<string, unknown>;
  /** The gateway's own GraphQL endpoint: each read of the feed is an ordinary query through it (cost, rate limit, cache, partial answers). */
  graphqlUrl: string;
  authorization?: string;
  ticker: ChangeTicker;
  /** Messages handed to the client's connection but not yet written to it (graphql-sse queues them). */
  unwritten: () => number;
  maxUnwritten: number;
  signal: AbortSignal;
  log: (message: string) => void;
}

function subscriptionField(args: ChangesSubscriptionArgs): { op: OperationDefinitionNode; field: FieldNode } {
  const ops = args.document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = args.operationName ? ops.find((o) => o.name?.value === args.operationName) : ops[0];
  const field = op?.selectionSet.selections[0];
  if (!op || op.operation !== 'subscription' || op.selectionSet.selections.length !== 1 || field?.kind !== Kind.FIELD || field.name.value !== 'changes') {
    throw new Error('a subscription selects exactly one field, changes');
  }
  return { op, field };
}

/**
 * The client's `subscription { changes(since, filter) { … } }` as the feed query the gateway
 * answers: the same selection (and the operation's variables and fragments), reading `first:
 * 500` after a watermark given as a variable, with the watermark and `hasMore` under hidden aliases.
 */
export function feedQuery(args: ChangesSubscriptionArgs): { query: string; since: string | null; variables: Record<string, unknown> } {
  const { op, field } = subscriptionField(args);
  const def = args.schema.getSubscriptionType()?.getFields().changes;
  if (!def) throw new Error('the schema has no Subscription.changes');
  const values = getArgumentValues(def, field, args.variables) as { since?: string | null; filter?: unknown };
  const fragments = args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  // The client's variables that only fed `since` and `filter` are not in the query (GraphQL refuses unused ones).
  const used = new Set<string>();
  for (const node of [field.selectionSet!, ...fragments]) visit(node, { Variable: (v) => void used.add(v.name.value) });
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...op,
        operation: OperationTypeNode.QUERY,
        name: undefined,
        variableDefinitions: [...(op.variableDefinitions ?? []).filter((v) => used.has(v.variable.name.value)), ...(TEMPLATE.variableDefinitions ?? [])],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              ...field,
              arguments: TEMPLATE_FIELD.arguments,
              selectionSet: { kind: Kind.SELECTION_SET, selections: [...field.selectionSet!.selections, ...TEMPLATE_FIELD.selectionSet!.selections] },
            },
          ],
        },
      },
      ...fragments,
    ],
  };
  return { query: print(query), since: values.since ?? null, variables: { ...args.variables, [`${PREFIX}filter`]: values.filter ?? null } };
}

type FeedAnswer = Omit<ExecutionResult, 'data'> & { data?: { changes?: Record<string, unknown> | null } | null };

/** One read of the feed through the gateway's own endpoint (bounded there by REQUEST_TIMEOUT_MS). */
async function readFeed(args: ChangesSubscriptionArgs, query: string, variables: Record<string, unknown>): Promise<FeedAnswer> {
  const res = await fetch(args.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(args.authorization ? { authorization: args.authorization } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: args.signal,
  });
  return (await res.json()) as FeedAnswer;
}

/**
 * The changes subscription: reads the feed through the gateway after the client's watermark,
 * sends each non-empty page as one event (the client's selection of a ChangeFeed, its watermark
 * included when selected), reads on at once while `hasMore`, else waits for a node to announce
 * a new data version. Ends with an error event when the feed answers one (a bad `since`: code
 * as for the query) or when the client falls `maxUnwritten` events behind (it resumes from the
 * last watermark it got).
 */
export async function* changesSubscription(args: ChangesSubscriptionArgs): AsyncGenerator<ExecutionResult> {
  const release = args.ticker.acquire();
  try {
    const { query, since: first, variables } = feedQuery(args);
    let since = first;
    while (!args.signal.aborted) {
      if (args.unwritten() > args.maxUnwritten) {
        yield {
          errors: [
            {
              message: `This client reads too slowly: ${args.unwritten()} events wait to be sent; subscribe again with since = the last watermark received`,
              extensions: { code: 'SUBSCRIPTION_BEHIND' },
            } as never,
          ],
        };
        return;
      }
      // Woken before the read: a change committed while it ran still wakes the next wait.
      const woken = args.ticker.wait(args.signal);
      const answer = await readFeed(args, query, { ...variables, [`${PREFIX}since`]: since });
      const feed = answer.data?.changes;
      if (!feed) {
        yield { errors: answer.errors ?? [{ message: 'The change feed did not answer', extensions: { code: 'COUNTRY_UNAVAILABLE' } } as never] };
        return;
      }
      since = feed[WATERMARK] as string;
      const more = feed[MORE] === true;
      delete feed[WATERMARK];
      delete feed[MORE];
      if (Array.isArray(feed.changes) && feed.changes.length > 0) yield { data: { changes: feed }, ...(answer.errors ? { errors: answer.errors } : {}) };
      if (!more) await woken;
    }
  } catch (error) {
    if (args.signal.aborted) return;
    // Masked as every internal error is; the client resumes from its last watermark.
    args.log(`changes subscription failed: ${(error as Error).stack ?? String(error)}`);
    yield {
      errors: [
        {
          message: 'The subscription stopped on an internal error; subscribe again with since = the last watermark',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        } as never,
      ],
    };
  } finally {
    release();
  }
}

/** Counts the `next` events graphql-sse writes to a response, for the unwritten-events bound. */
export function countWrites(res: http.ServerResponse): () => number {
  let written = 0;
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  (res as unknown as { write: (...a: unknown[]) => boolean }).write = (...a: unknown[]) => {
    if (typeof a[0] === 'string' && a[0].startsWith('event: next')) written++;
    return write(...a);
  };
  return () => written;
}

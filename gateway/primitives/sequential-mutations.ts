import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../contract/errors.js';
import { buildSubOperation, type ParsedFetch } from '../operation.js';
import { countryFailure } from '../plan/errors.js';
import type { MutationStep } from '../plan/plan.js';
import type { NodeRequest, Transport } from '../transport/transport.js';
import type { Json } from './json.js';

/** Whether a write that got no answer may have been applied: `NOT_APPLIED` when it never reached its node. */
export type WriteOutcome = 'NOT_APPLIED' | 'UNKNOWN';

/**
 * Runs mutation fields one after another, as GraphQL requires, each on the one node that owns
 * what it writes. A field's failure stays in that field: the other fields keep their results.
 * There is no transaction across nodes, as there is none across separate requests.
 */
export async function runMutations(
  steps: MutationStep[],
  parsed: ParsedFetch,
  variables: Record<string, unknown>,
  transport: Transport,
  configured: ReadonlySet<string>,
  common: Pick<NodeRequest, 'deadline' | 'headers' | 'maxStaleMs'>,
): Promise<{ data: Json; errors: GraphQLFormattedError[] }> {
  const data: Json = {};
  const errors: GraphQLFormattedError[] = [];
  for (const step of steps) {
    if (step.field.name.value === '__typename') {
      data[step.key] = 'Mutation';
      continue;
    }
    data[step.key] = null;
    if (!step.owner || !configured.has(step.owner)) {
      const message = step.owner
        ? `No country node serves ${step.owner}; writes go to the owning country's node`
        : `Cannot tell which country ${step.field.name.value} writes to`;
      errors.push({ message, path: [step.key], extensions: { code: ErrorCode.BAD_USER_INPUT, writeOutcome: 'NOT_APPLIED' } });
      continue;
    }
    let query = parsed.printed.get(`m:${step.key}`);
    if (query === undefined) parsed.printed.set(`m:${step.key}`, (query = buildSubOperation(parsed, [step.field])));
    const answer = await transport.send(step.owner, { query, variables, operation: 'mutation', ...common });
    if (answer.failure) {
      const writeOutcome: WriteOutcome = answer.failure.sent ? 'UNKNOWN' : 'NOT_APPLIED';
      errors.push(countryFailure(step.owner, answer.failure, [step.key], { writeOutcome }));
      continue;
    }
    data[step.key] = answer.response.data?.[step.key] ?? null;
    errors.push(...(answer.response.errors ?? []));
  }
  return { data, errors };
}

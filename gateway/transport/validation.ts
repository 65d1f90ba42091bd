import { parseFetch } from '../operation.js';
import type { ShardingSpec } from '../sharding/spec.js';
import { answerValueProblem } from '../validate/answer-values.js';
import type { ScalarCheck } from '../validate/scalar-check.js';
import { responseShapeProblem } from '../validate/response-shape.js';
import { untrusted, type TransportPlugin } from './transport.js';

/**
 * A node's answer is another organisation's server talking: before anything reads it, it must be
 * a GraphQL response (validate/response-shape.ts) whose data answers the fetch it was sent with
 * values of the declared types, owned by that node's country (validate/answer-values.ts).
 * Anything else becomes that country's failure (COUNTRY_BAD_RESPONSE): placed under the breaker
 * and the cache, so the breaker counts it as the node's fault and nothing of it is stored, and
 * under every plugin that reads the answer's errors or data.
 */
export function answerValidation(
  spec: () => ShardingSpec | null,
  scalars: ReadonlyMap<string, ScalarCheck>,
  onRefused: (country: string, reason: string) => void = () => {},
): TransportPlugin {
  return (next) => ({
    async send(country, request) {
      const answer = await next.send(country, request);
      if (answer.failure) return answer;
      let problem = responseShapeProblem(answer.response);
      const current = spec();
      const data = answer.response.data;
      if (!problem && current && data) {
        problem = answerValueProblem(data, { spec: current, parsed: parseFetch(request.query), variables: request.variables ?? {}, country, scalars });
      }
      if (!problem) return answer;
      onRefused(country, problem);
      return untrusted(country, problem);
    },
  });
}

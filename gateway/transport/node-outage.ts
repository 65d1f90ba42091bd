import { ErrorCode } from '../../contract/errors.js';
import { failed, type NodeFailure, type TransportPlugin } from './transport.js';

/**
 * A node that answers but cannot serve — its database is down, it stopped at the deadline, or it
 * failed as a whole — has not answered for its country: its partial data is dropped and the
 * country is reported unavailable (COUNTRY_UNAVAILABLE with the reason), never passed on as an
 * internal error that would null the fields it touched. For a write, the node's own
 * `writeOutcome` says whether it may have been applied.
 */
export const nodeOutage: TransportPlugin = (next) => ({
  async send(country, request) {
    const answer = await next.send(country, request);
    const errors = answer.response?.errors;
    if (!errors?.length) return answer;
    const outage = (code: string, kind: NodeFailure['kind'], reason: string) => {
      const error = errors.find((e) => e.extensions?.code === code);
      return error ? failed(country, reason, error.extensions?.writeOutcome !== 'NOT_APPLIED', kind) : null;
    };
    const failure =
      outage(ErrorCode.DATABASE_UNAVAILABLE, 'outage', 'its database is unavailable') ??
      // Overloaded (every database connection busy), not down: the country is missing from this answer, the breaker does not count it.
      outage(ErrorCode.DATABASE_BUSY, 'refused', 'it is overloaded (every database connection is busy); retry shortly') ??
      // A write stopped at its deadline is the write's own answer (not applied), not an outage.
      (request.operation === 'query' ? outage(ErrorCode.DEADLINE_EXCEEDED, 'timeout', 'it stopped at the request deadline') : null) ??
      (answer.response?.data == null ? outage(ErrorCode.INTERNAL_SERVER_ERROR, 'bad-answer', 'it failed with an internal error') : null);
    return failure ?? answer;
  },
});

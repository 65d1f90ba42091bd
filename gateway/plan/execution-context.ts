import type { ParsedFetch } from '../operation.js';
import type { ShardingSpec } from '../sharding/spec.js';
import type { NodeRequest, Transport } from '../transport/transport.js';
import type { FetchErrors } from './errors.js';
import type { PageFetchPolicy } from './page-policy.js';

/** What running one fetch of a plan needs (execute.ts, and the second round of page-top-up-round.ts). */
export interface ExecutionContext {
  parsed: ParsedFetch;
  variables: Record<string, unknown>;
  spec: ShardingSpec;
  transport: Transport;
  /** Deadline and headers every node request of this fetch carries. */
  request: Pick<NodeRequest, 'deadline' | 'headers' | 'maxStaleMs'>;
  errors: FetchErrors;
  /** How many rows each node sends for a page (absent: `first`, one round trip). */
  pages?: PageFetchPolicy;
}

import { positiveInt } from '../../shared/env-values.js';
import type { ExportBudgetLimits } from './budget.js';

export interface ExportLimits extends ExportBudgetLimits {
  /** How long a node has to answer an export with its headers (EXPORT_NODE_CONNECT_MS). */
  nodeConnectMs: number;
  /** How long the gateway waits for a node's next line while it needs one (EXPORT_NODE_IDLE_MS). */
  nodeIdleMs: number;
  /** A client that takes nothing for this long is cut (EXPORT_CLIENT_STALL_MS); it resumes with `after`. */
  clientStallMs: number;
}

export function exportLimitsFromEnv(env: NodeJS.ProcessEnv): ExportLimits {
  return {
    rowsPerWindow: positiveInt(env.EXPORT_ROWS_PER_WINDOW, 2_000_000, 'EXPORT_ROWS_PER_WINDOW'),
    windowSeconds: positiveInt(env.EXPORT_WINDOW_SECONDS, 3600, 'EXPORT_WINDOW_SECONDS'),
    maxConcurrent: positiveInt(env.EXPORT_MAX_PER_CLIENT, 2, 'EXPORT_MAX_PER_CLIENT'),
    nodeConnectMs: positiveInt(env.EXPORT_NODE_CONNECT_MS, 5_000, 'EXPORT_NODE_CONNECT_MS'),
    nodeIdleMs: positiveInt(env.EXPORT_NODE_IDLE_MS, 30_000, 'EXPORT_NODE_IDLE_MS'),
    clientStallMs: positiveInt(env.EXPORT_CLIENT_STALL_MS, 60_000, 'EXPORT_CLIENT_STALL_MS'),
  };
}

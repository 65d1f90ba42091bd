import type { Env } from '../../platform/config/setting.js';
import { read } from '../../platform/config/setting.js';
import { S } from '../../platform/config/settings/index.js';
import type { ExportBudgetLimits } from './budget.js';

export interface ExportLimits extends ExportBudgetLimits {
  /** How long a node has to answer an export with its headers (EXPORT_NODE_CONNECT_MS). */
  nodeConnectMs: number;
  /** How long the gateway waits for a node's next line while it needs one (EXPORT_NODE_IDLE_MS). */
  nodeIdleMs: number;
  /** A client that takes nothing for this long is cut (EXPORT_CLIENT_STALL_MS); it resumes with `after`. */
  clientStallMs: number;
}

export function exportLimitsFromEnv(env: Env): ExportLimits {
  return {
    rowsPerWindow: read(env, S.EXPORT_ROWS_PER_WINDOW, 2_000_000),
    windowSeconds: read(env, S.EXPORT_WINDOW_SECONDS, 3600),
    maxConcurrent: read(env, S.EXPORT_MAX_PER_CLIENT, 2),
    nodeConnectMs: read(env, S.EXPORT_NODE_CONNECT_MS, 5_000),
    nodeIdleMs: read(env, S.EXPORT_NODE_IDLE_MS, 30_000),
    clientStallMs: read(env, S.EXPORT_CLIENT_STALL_MS, 60_000),
  };
}

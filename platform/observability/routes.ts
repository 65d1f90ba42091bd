import type http from 'node:http';
import type { ServiceObservability } from './service.js';

export interface Readiness {
  ready: boolean;
  /** Why not, in words safe to show anyone (no URLs, no driver messages). */
  reason?: string;
}

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** A readiness check that does not answer in time counts as not ready (a frozen database must not hang the probe). */
export const READY_TIMEOUT_MS = 2000;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), 'cache-control': 'no-store' });
  res.end(payload);
}

async function withTimeout(check: () => Promise<Readiness> | Readiness, ms: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: `readiness check did not answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), late]);
  } catch {
    return { ready: false, reason: 'readiness check failed' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The routes every service serves besides GraphQL and `/health`:
 * - `GET /metrics`: Prometheus text (the service's metrics, then the process's);
 * - `GET /health/live`: 200 while the process serves HTTP at all (restart it when this fails);
 * - `GET /health/ready`: 200 when it can do useful work, else 503 (take it out of rotation).
 */
export function observabilityRoutes(obs: ServiceObservability, ready: () => Promise<Readiness> | Readiness): Record<string, Route> {
  return {
    '/metrics': async (_req, res) => {
      const { contentType, body } = await obs.metrics.render();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
    '/health/live': async (_req, res) => send(res, 200, { status: 'ok' }),
    '/health/ready': async (_req, res) => {
      const state = await withTimeout(ready, READY_TIMEOUT_MS);
      send(res, state.ready ? 200 : 503, { status: state.ready ? 'ready' : 'not ready', ...(state.reason ? { reason: state.reason } : {}) });
    },
  };
}

/** A database's readiness: it answers `SELECT 1`. */
export function databaseReadiness(ds: { query(sql: string): Promise<unknown> }): () => Promise<Readiness> {
  return async () => {
    try {
      await ds.query('SELECT 1');
      return { ready: true };
    } catch {
      return { ready: false, reason: 'database unreachable' };
    }
  };
}

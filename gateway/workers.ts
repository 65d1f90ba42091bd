import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { ConfigError, environment } from '../platform/config.js';
import { positiveInt, type Env } from '../platform/env-values.js';

/** GATEWAY_WORKERS: gateway processes on the one port; default the core count in production, else 1. */
export function gatewayWorkerCount(env: Env = process.env): number {
  const fallback = environment(env) === 'production' ? os.availableParallelism() : 1;
  const count = positiveInt(env.GATEWAY_WORKERS, fallback, 'GATEWAY_WORKERS');
  if (count > 256) throw new ConfigError(`GATEWAY_WORKERS must be at most 256, got ${count}`);
  return count;
}

/** Three workers in a row dying this soon after they listened: a crash loop, the gateway stops rather than restart forever. */
const CRASH_LOOP_MS = 5000;
/** How long workers get to close (finish requests, drop streams) before they are killed. */
const SHUTDOWN_MS = 10000;

/**
 * The primary of `GATEWAY_WORKERS` gateway processes (node:cluster): each worker runs the whole
 * gateway and listens on the same port; the primary accepts connections and hands them round.
 * It only supervises: a worker that exits after it listened is replaced; one that exits before
 * (a configuration error, a port in use), or a crash loop, stops the whole gateway with exit code 1.
 * Each worker has its own memory (breakers, rate-limit budgets, response cache unless
 * RESPONSE_CACHE_REDIS_URL makes them share one). On SIGTERM
 * or SIGINT every worker is asked to close (each closes its HTTP server and streams, see
 * platform/cli.ts) and the primary exits 0 once all have, killing any still there after 10 s.
 */
export function superviseWorkers(count: number, say: (message: string) => void = (m) => console.log(`[gateway] ${m}`)): void {
  let stopping = false;
  let quickDeaths = 0;
  const listenedAt = new Map<Worker, number>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('listening', (address) => {
      listenedAt.set(worker, Date.now());
      say(`worker ${worker.id} (pid ${worker.process.pid}) listening on port ${address.port}`);
    });
  };
  const stop = (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    const killer = setTimeout(() => workers.forEach((w) => w.process.kill('SIGKILL')), SHUTDOWN_MS);
    killer.unref();
    for (const w of workers) w.process.kill('SIGTERM');
    const done = () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
    };
    cluster.on('exit', done);
    done();
  };
  cluster.on('exit', (worker, code, signal) => {
    const listened = listenedAt.get(worker);
    listenedAt.delete(worker);
    if (stopping) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (listened === undefined) {
      say(`worker ${worker.id} exited (${how}) before listening: stopping the gateway`);
      return stop('worker failed', 1);
    }
    quickDeaths = Date.now() - listened < CRASH_LOOP_MS ? quickDeaths + 1 : 0;
    if (quickDeaths >= 3) {
      say(`worker ${worker.id} exited (${how}): the third worker in a row to die within ${CRASH_LOOP_MS} ms of listening; stopping the gateway`);
      return stop('crash loop', 1);
    }
    say(`worker ${worker.id} exited (${how}); replacing it`);
    fork();
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  say(`starting ${count} workers on one port (GATEWAY_WORKERS)`);
  for (let i = 0; i < count; i++) fork();
}

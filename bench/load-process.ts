/**
 * Child-process entry: the load generator. It runs autocannon jobs the parent sends over IPC and
 * answers with latency percentiles. Running it outside the bench process keeps autocannon's own
 * CPU work off the gateway's event loop (the gateway lives in the bench process).
 */
import autocannon from 'autocannon';

export interface LoadJob {
  id: number;
  url: string;
  body: string;
  headers?: Record<string, string>;
  durationSec: number;
  connections: number;
}

export interface LoadResult {
  id: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationMs: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

/** Exact percentile of sorted samples (nearest rank). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function run(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // autocannon's histogram has no p95; keep every response time (ms, sub-ms resolution) instead.
    const samples: number[] = [];
    const started = performance.now();
    const instance = autocannon(
      {
        url: job.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...job.headers },
        body: job.body,
        connections: job.connections,
        pipelining: 1,
        duration: job.durationSec,
        timeout: 30,
      },
      (error, result) => {
        if (error) return reject(error);
        const durationMs = performance.now() - started;
        samples.sort((a, b) => a - b);
        const ok = samples.length;
        resolve({
          id: job.id,
          requests: ok,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          durationMs,
          rps: (ok - result.non2xx) / (durationMs / 1000),
          p50: percentile(samples, 50),
          p95: percentile(samples, 95),
          p99: percentile(samples, 99),
          mean: ok ? samples.reduce((a, b) => a + b, 0) / ok : NaN,
          max: samples[ok - 1] ?? NaN,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => samples.push(responseTime));
  });
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!(result),
    (error) => process.send!({ id: job.id, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group; the parent decides when we stop.
process.on('SIGINT', () => {});

/**
 * Child-process entry for scenario 12: either one part of a connection flood (tests/support/
 * flood.ts; one process holds at most ~19,000 sockets under a 20,000-descriptor limit, so a
 * 22,000-socket flood takes two), or the probe: a client that sends the legitimate query one at a
 * time, each on a new connection, and reports success and latency. 'stop' answers with figures.
 */
import http from 'node:http';
import { startFlood, type Flood, type FloodOptions, type FloodStats } from '../tests/support/flood.js';

export interface ProbeJob {
  url: string;
  body: string;
  from: string;
  headers?: Record<string, string>;
}

export interface ProbeStats {
  requests: number;
  ok: number;
  /** Failures by kind: HTTP status, or the socket error. */
  failures: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
}

type Message = { flood: FloodOptions } | { probe: ProbeJob } | { stop: true } | { status: true };

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;
}

function once(job: ProbeJob): Promise<string | null> {
  return new Promise((resolve) => {
    const url = new URL(job.url);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        localAddress: job.from,
        timeout: 30000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(job.body), ...job.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          if (res.statusCode !== 200) return resolve(`HTTP ${res.statusCode}`);
          resolve(text.includes('"errors"') ? 'GraphQL errors' : null);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout (30 s)')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end(job.body);
  });
}

let flood: Flood | null = null;
let cpuAtStart = process.cpuUsage();
let probing = false;
let probe: { samples: number[]; stats: ProbeStats } | null = null;

async function runProbe(job: ProbeJob): Promise<void> {
  probing = true;
  const current = { samples: [] as number[], stats: { requests: 0, ok: 0, failures: {}, p50: NaN, p99: NaN, max: NaN } as ProbeStats };
  probe = current;
  while (probing) {
    const t = performance.now();
    const failure = await once(job);
    // A request still in flight at 'stop' is not counted.
    if (!probing) break;
    current.samples.push(performance.now() - t);
    current.stats.requests++;
    if (failure) current.stats.failures[failure] = (current.stats.failures[failure] ?? 0) + 1;
    else current.stats.ok++;
  }
}

process.on('message', (m: Message) => {
  if ('flood' in m) {
    cpuAtStart = process.cpuUsage();
    flood = startFlood(m.flood);
  } else if ('probe' in m) void runProbe(m.probe);
  else if ('status' in m) process.send!({ flood: flood?.stats() ?? null });
  else if ('stop' in m) {
    const floodStats: FloodStats | null = flood?.stop() ?? null;
    flood = null;
    probing = false;
    let probeStats: ProbeStats | null = null;
    if (probe) {
      const sorted = [...probe.samples].sort((a, b) => a - b);
      probeStats = { ...probe.stats, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
      probe = null;
    }
    const cpu = process.cpuUsage(cpuAtStart);
    process.send!({ flood: floodStats, probe: probeStats, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
});
process.on('disconnect', () => process.exit(0));

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BenchNode } from './cluster.js';
import { compare, type LoadDriver, type LoadSettings } from './load.js';
import type { ComparisonRecord } from './report.js';

interface GatewayProcess {
  url: string;
  close(): Promise<void>;
}

/** The compiled gateway (`npm run gateway`) with `workers` worker processes, as production runs it. */
async function startGatewayProcess(regionalUrl: string, nodes: BenchNode[], workers: number, env: Record<string, string>): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, '../gateway/index.js'), '--port', '0'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'bench-only-secret',
      REGIONAL_URL: regionalUrl,
      COUNTRY_NODES: nodes.map((n) => `${n.country}=${n.url}`).join(','),
      NODE_TIMEOUT_MS: '60000',
      POLL_INTERVAL_MS: '3600000',
      RATE_LIMIT_REQUESTS: '0',
      GATEWAY_WORKERS: String(workers),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway with ${workers} workers not ready in 60 s:\n${output}`)), 60000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = [...output.matchAll(/ready in \d+ ms at (\S+\/graphql)/g)];
      if (ready.length >= workers) {
        clearTimeout(timer);
        resolve(ready[0][1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway with ${workers} workers exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * 11. All cores: throughput of the cross-country page through the compiled gateway with 2
 * workers vs 1 (GATEWAY_WORKERS): (a) response cache off, each request a full fan-out and merge,
 * so the nodes and PostgreSQL on the same cores bound the gain; (b) cache on (each worker its
 * own memory cache), where the gateway's own work is all there is. CPU ms/req of "g" is the
 * bench process, not the workers.
 */
export async function workersScenario(
  driver: LoadDriver,
  regionalUrl: string,
  nodes: BenchNode[],
  page: string,
  settings: LoadSettings,
): Promise<ComparisonRecord[]> {
  const records: ComparisonRecord[] = [];
  for (const [id, cache] of [
    ['11a', 'off'],
    ['11b', 'on'],
  ] as const) {
    const env = { RESPONSE_CACHE: cache };
    const one = await startGatewayProcess(regionalUrl, nodes, 1, env);
    try {
      const two = await startGatewayProcess(regionalUrl, nodes, 2, env);
      try {
        const result = await compare(
          driver,
          { label: 'gateway, 2 workers', url: two.url, body: page },
          { label: 'gateway, 1 worker', url: one.url, body: page },
          settings,
        );
        records.push({
          id,
          title: `All cores: cross-country page of 50 over ${nodes.length} nodes, GATEWAY_WORKERS=2 vs 1, response cache ${cache}`,
          note: 'req/s ratio > 1: the second worker adds throughput',
          result,
        });
      } finally {
        await two.close();
      }
    } finally {
      await one.close();
    }
  }
  return records;
}

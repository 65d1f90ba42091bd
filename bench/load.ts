import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { perRequest, type CpuMeter } from './cpu.js';
import type { LoadJob, LoadResult } from './load-process.js';

/** One measurement: autocannon's figures plus CPU ms per request by process group. */
export type Round = LoadResult & { cpuMsPerRequest: Record<string, number> };

export interface Target {
  label: string;
  url: string;
  /** JSON request body (`{ query, variables }`). */
  body: string;
  /** Extra request headers (e.g. a bearer token). */
  headers?: Record<string, string>;
}

export interface LoadSettings {
  durationSec: number;
  /**
   * Seconds of load on each side before the measured rounds (default 1 to 2): a process's CPU per
   * request keeps falling for tens of seconds (JIT, caches), so a steady-state figure needs more.
   */
  warmupSec?: number;
  connections: number;
  rounds: number;
}

/**
 * The load options of the side-by-side tools (node-cost, gateway-cost, transport-floor), for
 * `parseArgs`: `--duration S --warmup S --rounds N --connections N`, with each tool's defaults.
 */
export function loadOptions(defaults: { duration: string; rounds: string }) {
  return {
    duration: { type: 'string', default: defaults.duration },
    warmup: { type: 'string' },
    rounds: { type: 'string', default: defaults.rounds },
    connections: { type: 'string', default: '4' },
  } as const;
}

/** The settings those options give. */
export function loadSettingsOf(values: { duration?: string; warmup?: string; rounds?: string; connections?: string }): LoadSettings {
  return {
    durationSec: Number(values.duration),
    rounds: Number(values.rounds),
    connections: Number(values.connections),
    warmupSec: values.warmup === undefined ? undefined : Number(values.warmup),
  };
}

/** Drives load through the child process in bench/load-process.ts, one job at a time. */
export class LoadDriver {
  private child: ChildProcess;
  get pid(): number {
    return this.child.pid!;
  }
  private next = 1;
  private pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();

  constructor(private readonly cpu?: CpuMeter) {
    this.child = fork(path.join(__dirname, 'load-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: LoadResult & { error?: string }) => {
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) waiter?.reject(new Error(m.error));
      else waiter?.resolve(m);
    });
    this.child.on('exit', () => {
      for (const w of this.pending.values()) w.reject(new Error('load generator exited'));
      this.pending.clear();
    });
  }

  /** A measured run: CPU use of every process group is sampled around it. */
  async measured(target: Target, durationSec: number, connections: number): Promise<Round> {
    const before = this.cpu?.sample() ?? {};
    const result = await this.run(target, durationSec, connections);
    const after = this.cpu?.sample() ?? {};
    return { ...result, cpuMsPerRequest: perRequest(before, after, result.requests) };
  }

  run(target: Target, durationSec: number, connections: number): Promise<LoadResult> {
    const job: LoadJob = { id: this.next++, url: target.url, body: target.body, headers: target.headers, durationSec, connections };
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      this.child.send(job);
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export interface Side {
  label: string;
  rounds: Round[];
  p50: number;
  p95: number;
  rps: number;
  /** Median over rounds of CPU ms per request, by process group. */
  cpuMsPerRequest: Record<string, number>;
}

export interface Ratio {
  /** median(A) / median(B) */
  ratio: number;
  /** min and max of the per-round ratios A_i / B_i */
  min: number;
  max: number;
}

export interface Comparison {
  a: Side;
  b: Side;
  p50: Ratio;
  p95: Ratio;
  rps: Ratio;
}

function side(label: string, rounds: Round[]): Side {
  const cpuMsPerRequest: Record<string, number> = {};
  for (const group of Object.keys(rounds[0]?.cpuMsPerRequest ?? {})) cpuMsPerRequest[group] = median(rounds.map((r) => r.cpuMsPerRequest[group]));
  return {
    label,
    rounds,
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
    rps: median(rounds.map((r) => r.rps)),
    cpuMsPerRequest,
  };
}

function ratio(a: Side, b: Side, key: 'p50' | 'p95' | 'rps'): Ratio {
  const perRound = a.rounds.map((r, i) => r[key] / b.rounds[i][key]);
  return { ratio: a[key] / b[key], min: Math.min(...perRound), max: Math.max(...perRound) };
}

function assertHealthy(label: string, r: LoadResult): void {
  if (r.non2xx || r.errors || r.timeouts || r.requests === 0) {
    throw new Error(`${label}: ${r.requests} responses, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
}

/**
 * Measures A and B alternately (A, B, A, B, …) after a short warm-up of each, so drift in the
 * machine's speed hits both sides alike; ratios are of the medians over rounds.
 */
export async function compare(driver: LoadDriver, a: Target, b: Target, settings: LoadSettings): Promise<Comparison> {
  const warm = settings.warmupSec ?? Math.max(1, Math.min(2, settings.durationSec));
  await driver.run(a, warm, settings.connections);
  await driver.run(b, warm, settings.connections);
  const ra: Round[] = [];
  const rb: Round[] = [];
  for (let i = 0; i < settings.rounds; i++) {
    const x = await driver.measured(a, settings.durationSec, settings.connections);
    assertHealthy(a.label, x);
    ra.push(x);
    const y = await driver.measured(b, settings.durationSec, settings.connections);
    assertHealthy(b.label, y);
    rb.push(y);
  }
  const A = side(a.label, ra);
  const B = side(b.label, rb);
  return { a: A, b: B, p50: ratio(A, B, 'p50'), p95: ratio(A, B, 'p95'), rps: ratio(A, B, 'rps') };
}

/** One side only (the scale points), after a warm-up. */
export async function measure(driver: LoadDriver, target: Target, settings: LoadSettings): Promise<Side> {
  await driver.run(target, settings.warmupSec ?? Math.max(1, Math.min(2, settings.durationSec)), settings.connections);
  const rounds: Round[] = [];
  for (let i = 0; i < settings.rounds; i++) {
    const r = await driver.measured(target, settings.durationSec, settings.connections);
    assertHealthy(target.label, r);
    rounds.push(r);
  }
  return side(target.label, rounds);
}

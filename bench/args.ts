import { parseArgs } from 'node:util';
import { DEFAULT_RTT_MS } from './scenario-wan.js';

export interface BenchOptions {
  rowsPerCountry: number;
  countries: number;
  durationSec: number;
  /** Seconds of load on each side before a comparison's rounds; undefined: 1 to 2 s (see LoadSettings). */
  warmupSec: number | undefined;
  rounds: number;
  connections: number;
  /** Full scale matrix (countries {4,16,50} × rows {1 000, 100 000}) instead of the reduced one. */
  scale: boolean;
  /** Skip the scale scenario entirely (quick runs). */
  noScale: boolean;
  /** Where results go (default bench/results). */
  out: string;
  /** Scenarios to run (1-9); all by default. For profiling one scenario. */
  only: Set<string>;
  /** Scenario 9: round-trip time per country, ms (others: OTHER_RTT_MS), and jitter per direction. */
  rttMs: Record<string, number>;
  jitterMs: number;
  /** Scenario `export`: events per country (issue 22 measured 25,000). */
  exportRows: number;
  /** Scenario `subscription`: KG creates whose delivery is timed. */
  subWrites: number;
}

export const HELP = `npm run bench -- [options]

Starts one embedded PostgreSQL, the country nodes (one process each), the regional subgraph,
our gateway and the baselines, loads synthetic data, and measures with autocannon.

  --rows-per-country N   events per country for scenarios 1-4 and 6 (default 1000)
  --countries N          country nodes behind the gateway for scenarios 1-4 and 6 (default 4)
  --duration S           seconds per measurement round (default 3)
  --warmup S             seconds of load on each side before a comparison's rounds (default 1-2;
                         per-request CPU falls for tens of seconds after a start: 30 for steady state)
  --rounds N             alternating A/B rounds per comparison (default 3)
  --connections N        autocannon connections (default 4, pipelining 1)
  --scale                full scale matrix: countries {4,16,50} x rows {1000,100000}
                         (default: reduced matrix {4,16} x {1000} plus 4 x 100000)
  --no-scale             skip scenario 5
  --out DIR              results directory (default bench/results)
  --only LIST            run only these scenarios, e.g. --only 1,2 (for profiling); 7 = one node hung, 12 = connection flood,
                         8 = legitimate throughput under attack, 9 = WAN latencies,
                         13 = a node answering garbage (and what checking answers costs),
                         export = streaming bulk export vs the four databases read directly (rows/s ratio),
                         subscription = changes subscription delivery latency under a write load,
                         lastknown = one office frozen under the overview's queries, answers complete vs missing
                         without and with last known data (issue 28; the outage lasts 5 x --duration, at least 15 s)
  --rtt LIST             scenario 9 round-trip times in ms (default VN=40,MN=60,KG=120,AZ=150; others 100)
  --jitter MS            scenario 9 extra delay per direction, uniform 0..MS (default 5)
  --export-rows N        scenario export: events per country (default 25000)
  --sub-writes N         scenario subscription: timed creates (default 100)
  --help
`;

function int(value: string | undefined, fallback: number, name: string, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      'rows-per-country': { type: 'string' },
      countries: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      scale: { type: 'boolean', default: false },
      'no-scale': { type: 'boolean', default: false },
      out: { type: 'string' },
      only: { type: 'string' },
      rtt: { type: 'string' },
      jitter: { type: 'string' },
      'export-rows': { type: 'string' },
      'sub-writes': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const countries = int(values.countries, 4, 'countries');
  if (countries > 26 * 26) throw new Error('--countries must be at most 676');
  return {
    rowsPerCountry: int(values['rows-per-country'], 1000, 'rows-per-country', 50),
    countries,
    durationSec: int(values.duration, 3, 'duration'),
    warmupSec: values.warmup === undefined ? undefined : int(values.warmup, 0, 'warmup', 0),
    rounds: int(values.rounds, 3, 'rounds'),
    connections: int(values.connections, 4, 'connections'),
    scale: values.scale!,
    noScale: values['no-scale']!,
    out: values.out ?? 'bench/results',
    only: new Set((values.only ?? '1,2,3,4,5,6,7,8,9,13').split(',').map((x) => x.trim())),
    rttMs: { ...DEFAULT_RTT_MS, ...rttList(values.rtt) },
    jitterMs: int(values.jitter, 5, 'jitter', 0),
    exportRows: int(values['export-rows'], 25_000, 'export-rows', 50),
    subWrites: int(values['sub-writes'], 100, 'sub-writes'),
  };
}

/** `VN=40,MN=60` → { VN: 40, MN: 60 }. */
function rttList(value: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of (value ?? '').split(',').filter(Boolean)) {
    const [cc, ms] = item.split('=');
    if (!/^[A-Z]{2}$/.test(cc ?? '')) throw new Error(`--rtt: "${item}" is not COUNTRY=MS`);
    out[cc] = int(ms, 0, 'rtt', 0);
  }
  return out;
}

/** MN, KG, AZ, VN, then generated two-letter codes AA, AB, … (skipping the real ones). */
export function countryCodes(n: number): string[] {
  const real = ['MN', 'KG', 'AZ', 'VN'];
  const codes = real.slice(0, n);
  for (let i = 0; codes.length < n; i++) {
    const code = String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26));
    if (!real.includes(code)) codes.push(code);
  }
  return codes;
}

import { attackMarkdown, type AttackRecord } from './attack.js';
import { floodMarkdown, type FloodRecord } from './scenario-flood.js';
import type { Comparison, Side } from './load.js';
import type { MemoryFigures } from './memory.js';
import type { FaultRecord } from './scenario-hung-node.js';
import { wanMarkdown, type WanRecord } from './scenario-wan.js';

export interface ComparisonRecord {
  id: string;
  title: string;
  /** What the ratio should be read against (e.g. "≥ 1 expected: the floor"). */
  note: string;
  result: Comparison;
}

export interface SqlRecord {
  label: string;
  requests: number;
  statements: number;
  perRequest: number;
}

export interface ScalePoint {
  countries: number;
  rowsPerCountry: number;
  page: Side;
  /** The same page fetched with every node sending `first` rows (PAGE_FETCH=full). */
  pageFull?: Side;
  /** Or why its one eventStats before the measurement failed. */
  stats: Side | { failed: string };
  memory: MemoryFigures;
  gatewayStartMs: number;
}

export interface BenchReport {
  startedAt: string;
  durationSec: number;
  command: string;
  options: Record<string, unknown>;
  machine: Record<string, unknown>;
  checks: string[];
  comparisons: ComparisonRecord[];
  sql: SqlRecord[];
  scale: ScalePoint[];
  faults: FaultRecord[];
  /** Scenario 8 (bench/attack.ts). */
  attack?: AttackRecord;
  /** Scenario 9 (bench/scenario-wan.ts). */
  wan?: WanRecord;
  /** Scenario 12 (bench/scenario-flood.ts). */
  flood?: FloodRecord;
  notes: string[];
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const r2 = (x: number) => x.toFixed(2);
const cpu = (c: Record<string, number>) =>
  ['gateway', 'nodes', 'postgres']
    .filter((k) => k in c)
    .map((k) => `${k[0]} ${c[k].toFixed(1)}`)
    .join(' · ');
const spread = (r: { min: number; max: number }) => `${r2(r.min)}–${r2(r.max)}`;

export function markdown(report: BenchReport): string {
  const m = report.machine;
  const lines: string[] = [];
  lines.push(`### Benchmark ${report.startedAt}`, '');
  lines.push(
    `\`${report.command}\` — ${report.durationSec.toFixed(0)} s on ${m.cpuModel} (${m.cores} cores), ${m.totalMemoryGB} GB RAM, Node ${m.node}, ${m.postgres}, ${m.os}.`,
  );
  lines.push('');
  lines.push(
    'Ratios are A/B of the medians over alternating rounds (A, B, A, B, …); the spread is the min–max of the per-round ratios. ' +
      'Latencies in ms as seen by autocannon on loopback; throughput in requests/s. ' +
      'CPU ms/req: user+system CPU per request (from /proc) of g = the bench process hosting the gateway under test, n = all node processes, p = PostgreSQL.',
    '',
  );
  lines.push(
    '| # | Comparison (A vs B) | A p50 / p95 | B p50 / p95 | p50 A/B (spread) | p95 A/B (spread) | req/s A / B | req/s A/B (spread) | CPU ms/req A<br>B |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const c of report.comparisons) {
    const { a, b, p50, p95, rps } = c.result;
    lines.push(
      `| ${c.id} | ${c.title}<br>A: ${a.label}<br>B: ${b.label} | ${ms(a.p50)} / ${ms(a.p95)} | ${ms(b.p50)} / ${ms(b.p95)} | **${r2(p50.ratio)}** (${spread(p50)}) | ${r2(p95.ratio)} (${spread(p95)}) | ${a.rps.toFixed(0)} / ${b.rps.toFixed(0)} | **${r2(rps.ratio)}** (${spread(rps)}) | ${cpu(a.cpuMsPerRequest)}<br>${cpu(b.cpuMsPerRequest)} |`,
    );
  }
  lines.push('');
  if (report.sql.length) {
    lines.push("**6. SQL statements per request** (sum of the nodes' `/metrics` `ilo_sql_statements_total` deltas ÷ requests, sequential requests)", '');
    lines.push('| Request | Requests | Statements | Per request |', '|---|---|---|---|');
    for (const s of report.sql) lines.push(`| ${s.label} | ${s.requests} | ${s.statements} | **${s.perRequest.toFixed(2)}** |`);
    lines.push('');
  }
  if (report.scale.length) {
    lines.push(
      '**5. Scale** (our gateway, top-k page fetch unless marked full pages; cross-country first page of 50 and `eventStats(groupBy: [COUNTRY, YEAR])`; memory of the bench process, which hosts the gateway — nodes run in their own processes)',
      '',
    );
    lines.push(
      '| Countries | Rows/country | Page p50 / p95 ms | Page req/s | Stats p50 / p95 ms | Stats req/s | CPU ms/req page<br>stats | Full pages: p50 ms · req/s · CPU ms/req | Heap before → after (peak) MB | RSS peak MB | Gateway start ms |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const p of report.scale) {
      const mem = p.memory;
      const stats =
        'failed' in p.stats
          ? { figures: 'failed | —', cpu: 'failed' }
          : { figures: `${ms(p.stats.p50)} / ${ms(p.stats.p95)} | ${p.stats.rps.toFixed(0)}`, cpu: cpu(p.stats.cpuMsPerRequest) };
      lines.push(
        `| ${p.countries} | ${p.rowsPerCountry.toLocaleString('en')} | ${ms(p.page.p50)} / ${ms(p.page.p95)} | ${p.page.rps.toFixed(0)} | ${stats.figures} | ${cpu(p.page.cpuMsPerRequest)}<br>${stats.cpu} | ${p.pageFull ? `${ms(p.pageFull.p50)} · ${p.pageFull.rps.toFixed(0)} · ${cpu(p.pageFull.cpuMsPerRequest)}` : '—'} | ${mem.heapBeforeMB} → ${mem.heapAfterMB} (${mem.heapPeakMB}) | ${mem.rssPeakMB} | ${p.gatewayStartMs.toFixed(0)} |`,
      );
    }
    lines.push('');
    for (const p of report.scale)
      if ('failed' in p.stats)
        lines.push(`- ${p.countries} × ${p.rowsPerCountry.toLocaleString('en')}: eventStats failed before measuring: ${p.stats.failed}`, '');
  }
  if (report.faults.length) {
    lines.push('**Faults** (req/s and latency of the same request healthy and during the fault; ratio = faulty ÷ healthy req/s)', '');
    lines.push(
      '| # | Scenario | Healthy req/s · p50 / p99 ms | Fault (first window) req/s · p50 / p99 | ratio | Handled after | Handled req/s · p50 / p99 | ratio | Recovered after |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|');
    const fig = (r: { rps: number; p50: number; p99: number }) => `${r.rps.toFixed(0)} · ${ms(r.p50)} / ${ms(r.p99)}`;
    for (const f of report.faults) {
      const after = (x: number | null) => (x === null ? '—' : `${(x / 1000).toFixed(2)} s`);
      lines.push(
        `| ${f.id} | ${f.title} | ${fig(f.healthy)} | ${fig(f.fault)} | **${r2(f.fault.rps / f.healthy.rps)}** | ${after(f.handledAfterMs)} | ${f.handled ? fig(f.handled) : '—'} | **${f.handled ? r2(f.handled.rps / f.healthy.rps) : '—'}** | ${after(f.recoveredAfterMs)} |`,
      );
    }
    lines.push('');
  }
  if (report.attack) lines.push(...attackMarkdown(report.attack));
  if (report.wan) lines.push(...wanMarkdown(report.wan));
  if (report.flood) lines.push(...floodMarkdown(report.flood));
  if (report.checks.length) {
    lines.push('Checks before measuring:', '');
    for (const c of report.checks) lines.push(`- ${c}`);
    lines.push('');
  }
  if (report.notes.length) {
    lines.push('Notes:', '');
    for (const n of report.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  return lines.join('\n');
}

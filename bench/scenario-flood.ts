import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ConnectionStats } from '../platform/http/connection-guard.js';
import type { FloodOptions, FloodStats } from '../tests/support/flood.js';
import { startOurGateway, type BenchNode } from './cluster.js';
import type { ProbeJob, ProbeStats } from './flood-process.js';
import { median, type LoadDriver, type LoadSettings, type Round, type Target } from './load.js';

/**
 * Scenario 12, legitimate throughput during a connection flood: an MN-only page through a
 * gateway with production defaults, in rounds that alternate no flood and a flood of `idle`
 * silent sockets plus `slowHeaders` sockets that never finish their headers (issue 19: 20,000 and
 * 2,000), each reopened 0.5–1.5 s after the gateway closes it, from 100 loopback addresses (220
 * sockets each, under the per-address cap, so the total cap and the header deadline do the work).
 * The flood comes from two processes (20,000 descriptors each here). Measured each round: the
 * load generator's throughput (keep-alive connections) as a ratio to the round without flood
 * (target ≥ 0.9), and a probe client opening a new connection for every query (target ≥ 95 %
 * success, p99 < 1 s).
 */
export interface FloodRecord {
  legitimate: string;
  idle: number;
  slowHeaders: number;
  sources: number;
  quiet: Round[];
  flooded: Round[];
  probeQuiet: ProbeStats[];
  probeFlooded: ProbeStats[];
  floods: FloodStats[];
  /** The gateway's connection figures at the end of each flood round. */
  gateway: ConnectionStats[];
  /** Time until every flood socket had connected once, and the gateway's open connections then. */
  rampMs: number[];
  openAtRamp: number[];
  /** Per flood round, from its start to its end: CPU of the attacker processes and of the bench process (the gateway), ms per second. */
  attackerCpuMsPerSec: number[];
  gatewayCpuMsPerSec: number[];
  /** The same for the quiet rounds (the gateway's CPU). */
  quietGatewayCpuMsPerSec: number[];
  /** The kernel's count of connections dropped because a listen queue was full (TcpExt ListenOverflows, all sockets of the machine) during each flood and each quiet round. */
  listenOverflows: number[];
  quietListenOverflows: number[];
  rps: { ratio: number; min: number; max: number };
}

class Child {
  private readonly child: ChildProcess = fork(path.join(__dirname, 'flood-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  send(message: { flood: FloodOptions } | { probe: ProbeJob }): void {
    this.child.send(message);
  }
  private ask<T>(message: object): Promise<T> {
    return new Promise((resolve) => {
      this.child.once('message', (m: T) => resolve(m));
      this.child.send(message);
    });
  }
  status(): Promise<{ flood: FloodStats | null }> {
    return this.ask({ status: true });
  }
  stop(): Promise<{ flood: FloodStats | null; probe: ProbeStats | null; cpuMs: number }> {
    return this.ask({ stop: true });
  }
  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** TcpExt ListenOverflows from /proc/net/netstat (NaN elsewhere). */
function listenOverflows(): number {
  try {
    const lines = fs.readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const header = lines.find((l) => l.startsWith('TcpExt:'))!.split(/\s+/);
    const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]!.split(/\s+/);
    return Number(values[header.indexOf('ListenOverflows')]);
  } catch {
    return NaN;
  }
}

/** CPU of this process (the gateway's) since `from`, ms per second of wall time. */
function cpuMsPerSec(from: { t: number; cpu: NodeJS.CpuUsage }): number {
  const used = process.cpuUsage(from.cpu);
  return (used.user + used.system) / 1000 / ((performance.now() - from.t) / 1000);
}

function sumFloods(parts: FloodStats[]): FloodStats {
  const total: FloodStats = { open: 0, connects: 0, closedByServer: 0, answers: {}, errors: 0 };
  for (const p of parts) {
    total.open += p.open;
    total.connects += p.connects;
    total.closedByServer += p.closedByServer;
    total.errors += p.errors;
    for (const [k, n] of Object.entries(p.answers)) total.answers[k] = (total.answers[k] ?? 0) + n;
  }
  return total;
}

export async function connectionFloodScenario(
  driver: LoadDriver,
  regionalUrl: string,
  nodes: BenchNode[],
  mn: BenchNode,
  settings: LoadSettings,
  sizes = { idle: Number(process.env.BENCH_FLOOD_IDLE ?? 20_000), slowHeaders: Number(process.env.BENCH_FLOOD_SLOW ?? 2_000) },
  step: (message: string) => void = () => {},
): Promise<FloodRecord> {
  const gateway = await startOurGateway(regionalUrl, nodes, { RATE_LIMIT_REQUESTS: '0' });
  const floods = [new Child(), new Child()];
  const prober = new Child();
  const port = Number(new URL(gateway.url).port);
  try {
    const query = `{ events(filter: { countries: [${mn.country}] }, first: 20) { totalCount nodes { id title { text } } } }`;
    const legitimate: Target = { label: `${mn.country}-only page of 20`, url: gateway.url, body: JSON.stringify({ query }) };
    const probeJob: ProbeJob = { url: gateway.url, body: legitimate.body, from: '127.0.0.3' };
    await driver.run(legitimate, Math.max(1, Math.min(2, settings.durationSec)), settings.connections);
    const record: FloodRecord = {
      legitimate: query,
      ...sizes,
      sources: 100,
      quiet: [],
      flooded: [],
      probeQuiet: [],
      probeFlooded: [],
      floods: [],
      gateway: [],
      rampMs: [],
      openAtRamp: [],
      attackerCpuMsPerSec: [],
      gatewayCpuMsPerSec: [],
      quietGatewayCpuMsPerSec: [],
      listenOverflows: [],
      quietListenOverflows: [],
      rps: { ratio: NaN, min: NaN, max: NaN },
    };
    const probeRound = async () => {
      prober.send({ probe: probeJob });
      await sleep(settings.durationSec * 1000);
      return (await prober.stop()).probe!;
    };
    for (let round = 0; round < settings.rounds; round++) {
      const quietStart = { t: performance.now(), cpu: process.cpuUsage(), overflows: listenOverflows() };
      record.quiet.push(await driver.measured(legitimate, settings.durationSec, settings.connections));
      record.probeQuiet.push(await probeRound());
      record.quietGatewayCpuMsPerSec.push(cpuMsPerSec(quietStart));
      record.quietListenOverflows.push(listenOverflows() - quietStart.overflows);

      const started = performance.now();
      const floodStart = { t: started, cpu: process.cpuUsage(), overflows: listenOverflows() };
      floods.forEach((child, i) =>
        child.send({
          flood: {
            host: '127.0.0.1',
            port,
            idle: Math.ceil(sizes.idle / floods.length),
            slowHeaders: Math.ceil(sizes.slowHeaders / floods.length),
            from: Array.from({ length: 50 }, (_, a) => `127.0.${10 + i}.${a + 1}`),
            reconnectMs: 1000,
            dripMs: 1000,
          },
        }),
      );
      const total = sizes.idle + sizes.slowHeaders;
      for (;;) {
        const parts = await Promise.all(floods.map((f) => f.status()));
        const connects = parts.reduce((n, p) => n + (p.flood?.connects ?? 0), 0);
        if (connects >= total || performance.now() - started > 120_000) break;
        await sleep(250);
      }
      record.rampMs.push(performance.now() - started);
      record.openAtRamp.push(gateway.connections.stats().open);
      step(
        `   flood round ${round + 1}: ${total} sockets connected in ${(record.rampMs.at(-1)! / 1000).toFixed(1)} s; gateway holds ${record.openAtRamp.at(-1)}`,
      );
      record.flooded.push(await driver.measured(legitimate, settings.durationSec, settings.connections));
      record.probeFlooded.push(await probeRound());
      record.gateway.push(gateway.connections.stats());
      const stopped = await Promise.all(floods.map((f) => f.stop()));
      record.gatewayCpuMsPerSec.push(cpuMsPerSec(floodStart));
      record.listenOverflows.push(listenOverflows() - floodStart.overflows);
      record.attackerCpuMsPerSec.push((1000 * stopped.reduce((n, s) => n + s.cpuMs, 0)) / (performance.now() - started));
      record.floods.push(sumFloods(stopped.map((s) => s.flood!)));
      // The next quiet round starts once the gateway has closed what the flood left behind.
      const until = performance.now() + 30_000;
      while (gateway.connections.stats().waiting > 0 && performance.now() < until) await sleep(100);
    }
    const quietRps = median(record.quiet.map((r) => r.rps));
    const perRound = record.flooded.map((r, i) => r.rps / record.quiet[i]!.rps);
    record.rps = { ratio: median(record.flooded.map((r) => r.rps)) / quietRps, min: Math.min(...perRound), max: Math.max(...perRound) };
    return record;
  } finally {
    for (const f of [...floods, prober]) f.close();
    await gateway.close();
  }
}

/** The results section for scenario 12. */
export function floodMarkdown(record: FloodRecord): string[] {
  const med = (xs: number[]) => median(xs);
  const rps = (rounds: Round[]) => med(rounds.map((r) => r.rps)).toFixed(0);
  const p = (rounds: Round[], key: 'p50' | 'p99') => med(rounds.map((r) => r[key])).toFixed(1);
  const failed = (rounds: Round[]) => rounds.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
  const sent = (rounds: Round[]) => rounds.reduce((n, r) => n + r.requests, 0);
  const probe = (ps: ProbeStats[]) => {
    const requests = ps.reduce((n, s) => n + s.requests, 0);
    const ok = ps.reduce((n, s) => n + s.ok, 0);
    const failures: Record<string, number> = {};
    for (const s of ps) for (const [k, n] of Object.entries(s.failures)) failures[k] = (failures[k] ?? 0) + n;
    return `${((100 * ok) / requests).toFixed(2)} % of ${requests}${
      Object.keys(failures).length
        ? ` (${Object.entries(failures)
            .map(([k, n]) => `${n}× ${k}`)
            .join(', ')})`
        : ''
    }; p50 ${med(ps.map((s) => s.p50)).toFixed(1)} / p99 ${med(ps.map((s) => s.p99)).toFixed(1)} / max ${Math.max(...ps.map((s) => s.max)).toFixed(0)} ms`;
  };
  const g = record.gateway;
  const f = record.floods;
  return [
    `**12. Legitimate throughput during a connection flood** (${record.legitimate.length < 120 ? `\`${record.legitimate}\`` : 'an MN-only page'} through a gateway with production defaults; ${record.idle.toLocaleString('en')} idle + ${record.slowHeaders.toLocaleString('en')} slow-header sockets from ${record.sources} loopback addresses, each reopened 0.5–1.5 s after the gateway closes it; rounds alternate flood and no flood)`,
    '',
    '| | without flood | with flood | ratio (spread) |',
    '|---|---|---|---|',
    `| load generator req/s (keep-alive connections) | ${rps(record.quiet)} | ${rps(record.flooded)} | **${record.rps.ratio.toFixed(2)}** (${record.rps.min.toFixed(2)}–${record.rps.max.toFixed(2)}) |`,
    `| load generator p50 / p99 ms | ${p(record.quiet, 'p50')} / ${p(record.quiet, 'p99')} | ${p(record.flooded, 'p50')} / ${p(record.flooded, 'p99')} | |`,
    `| load generator failed requests | ${failed(record.quiet)} of ${sent(record.quiet)} | ${failed(record.flooded)} of ${sent(record.flooded)} | |`,
    `| probe: a new connection per query, success; latency | ${probe(record.probeQuiet)} | ${probe(record.probeFlooded)} | |`,
    `| gateway CPU ms per legitimate request | ${med(record.quiet.map((r) => r.cpuMsPerRequest.gateway ?? NaN)).toFixed(2)} | ${med(record.flooded.map((r) => r.cpuMsPerRequest.gateway ?? NaN)).toFixed(2)} | |`,
    `| gateway process CPU, ms per second | ${med(record.quietGatewayCpuMsPerSec).toFixed(0)} | ${med(record.gatewayCpuMsPerSec).toFixed(0)} | |`,
    `| attacker processes CPU, ms per second (same 2 cores) | — | ${med(record.attackerCpuMsPerSec).toFixed(0)} | |`,
    `| connections the kernel dropped, listen queue full (whole machine) | ${record.quietListenOverflows.join(', ')} | ${record.listenOverflows.join(', ')} | |`,
    '',
    `Flood: ramp to every socket connected once ${record.rampMs.map((m) => (m / 1000).toFixed(1)).join(', ')} s; the gateway then held ${record.openAtRamp.join(', ')} connections; attacker connects ${f.map((s) => s.connects).join(', ')}, closed by the gateway ${f.map((s) => s.closedByServer).join(', ')}, connect errors ${f.map((s) => s.errors).join(', ')}; answers written to flood sockets ${JSON.stringify(f.map((s) => s.answers))}. Gateway, end of each flood round: open ${g.map((s) => s.open).join(', ')}, evicted (cumulative) ${g.map((s) => s.evicted).join(', ')}, header deadline ${g.map((s) => s.timedOut).join(', ')}, refused ${g.map((s) => s.refused.server + s.refused.client + s.refused.dropped).join(', ')}.`,
    '',
  ];
}

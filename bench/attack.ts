import { fork } from 'node:child_process';
import path from 'node:path';
import { mintToken } from '../platform/auth.js';
import type { AttackStats } from './attack-process.js';
import { startOurGateway, type BenchNode } from './cluster.js';
import { median, type LoadDriver, type LoadSettings, type Round, type Target } from './load.js';

/** The secret bench/node-process.ts gives every node; this gateway verifies with it too. */
const BENCH_SECRET = 'bench-only-secret';

export interface AttackVariant {
  label: string;
  rounds: Round[];
  attacks: AttackStats[];
  /** median req/s under this attack ÷ median req/s without; per-round spread. */
  rps: { ratio: number; min: number; max: number };
}

export interface AttackRecord {
  legitimate: string;
  quiet: Round[];
  variants: AttackVariant[];
}

/** The attacker process of bench/attack-process.ts. */
class Attacker {
  private child = fork(path.join(__dirname, 'attack-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  start(targets: string[], perSecond: number): void {
    this.child.send({ start: targets, perSecond });
  }
  stop(): Promise<AttackStats> {
    return new Promise((resolve) => {
      this.child.once('message', (m: AttackStats) => resolve(m));
      this.child.send({ stop: true });
    });
  }
  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}

function assertHealthy(rounds: Round[]): void {
  for (const round of rounds) {
    if (round.non2xx || round.errors || round.timeouts) throw new Error(`legitimate query failed: ${JSON.stringify(round)}`);
  }
}

/**
 * Scenario 8, legitimate throughput under attack: an MN-only query through a gateway with
 * production defaults (the legitimate client sends a reader token, so the per-client limits
 * count it apart from the attacker), in rounds that alternate attack and no attack. The attacker
 * is a second process sending issue 7's amplifiers one at a time in a loop: paced at 10 a second
 * to the gateway (two of them used to stop the federation for 10 s), back to back to the gateway
 * (a flood: its cost is bounded by the CPU the attacker itself takes on these shared cores), and
 * back to back to the gateway and straight to the MN node (nodes have the static limits but no
 * per-client limits). Target ≥ 0.8.
 */
export async function legitimateThroughputUnderAttack(
  driver: LoadDriver,
  regionalUrl: string,
  nodes: BenchNode[],
  mn: BenchNode,
  settings: LoadSettings,
): Promise<AttackRecord> {
  // Request budget high enough for the load generator; the refusal budget is production's default.
  const gateway = await startOurGateway(regionalUrl, nodes, { RATE_LIMIT_REQUESTS: '100000000', JWT_SECRET: BENCH_SECRET });
  const attacker = new Attacker();
  try {
    const token = await mintToken({ secret: BENCH_SECRET, sub: 'bench-legitimate-client', role: 'reader', expiresIn: '1h' });
    const query = `{ events(filter: { countries: [${mn.country}] }, first: 20) { totalCount nodes { id title { text } } } }`;
    const legitimate: Target = {
      label: `${mn.country}-only page of 20`,
      url: gateway.url,
      body: JSON.stringify({ query }),
      headers: { authorization: `Bearer ${token}` },
    };
    await driver.run(legitimate, Math.max(1, Math.min(2, settings.durationSec)), settings.connections);
    const plans = [
      { label: '10 amplifiers/s to the gateway', targets: [gateway.url], perSecond: 10 },
      { label: 'amplifiers back to back to the gateway', targets: [gateway.url], perSecond: 0 },
      { label: `amplifiers back to back to the gateway and straight to node ${mn.country}`, targets: [gateway.url, mn.url], perSecond: 0 },
    ];
    const quiet: Round[] = [];
    const variants: AttackVariant[] = plans.map((p) => ({ label: p.label, rounds: [], attacks: [], rps: { ratio: NaN, min: NaN, max: NaN } }));
    for (let i = 0; i < settings.rounds; i++) {
      for (const [v, plan] of plans.entries()) {
        attacker.start(plan.targets, plan.perSecond);
        variants[v].rounds.push(await driver.measured(legitimate, settings.durationSec, settings.connections));
        variants[v].attacks.push(await attacker.stop());
        quiet.push(await driver.measured(legitimate, settings.durationSec, settings.connections));
      }
    }
    assertHealthy(quiet);
    const quietRps = median(quiet.map((r) => r.rps));
    for (const variant of variants) {
      assertHealthy(variant.rounds);
      // Each attack round is compared with the quiet round right after it.
      const perRound = variant.rounds.map((r, i) => r.rps / quiet[i * plans.length + variants.indexOf(variant)].rps);
      variant.rps = { ratio: median(variant.rounds.map((r) => r.rps)) / quietRps, min: Math.min(...perRound), max: Math.max(...perRound) };
    }
    return { legitimate: query, quiet, variants };
  } finally {
    attacker.close();
    await gateway.close();
  }
}

/** The results section for scenario 8. */
export function attackMarkdown(record: AttackRecord): string[] {
  const rps = (rounds: Round[]) => median(rounds.map((r) => r.rps)).toFixed(0);
  const p = (rounds: Round[], key: 'p50' | 'p99') => median(rounds.map((r) => r[key])).toFixed(1);
  const lines = [
    "**8. Legitimate throughput under attack** (an MN-only page of 20 through a gateway with production defaults; rounds alternate between attack and no attack; the attacker is a second process on the same 2 cores sending issue 7's amplifiers in a loop, one at a time)",
    '',
    '| Attack | legitimate req/s with / without | ratio (spread) | legitimate p50 / p99 ms with / without | amplifiers sent (req/s) | their answers | amplifier latency p50 / p99 / max ms | attacker CPU ms/s |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const v of record.variants) {
    const sent = v.attacks.reduce((n, a) => n + a.requests, 0);
    const seconds = v.attacks.reduce((n, a) => n + a.durationMs, 0) / 1000;
    const statuses: Record<string, number> = {};
    for (const a of v.attacks) for (const [k, n] of Object.entries(a.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
    lines.push(
      `| ${v.label} | ${rps(v.rounds)} / ${rps(record.quiet)} | **${v.rps.ratio.toFixed(2)}** (${v.rps.min.toFixed(2)}–${v.rps.max.toFixed(2)}) | ${p(v.rounds, 'p50')} / ${p(v.rounds, 'p99')} vs ${p(record.quiet, 'p50')} / ${p(record.quiet, 'p99')} | ${sent} (${(sent / seconds).toFixed(0)}) | ${Object.entries(
        statuses,
      )
        .map(([k, n]) => `${n}× ${k}`)
        .join(
          ', ',
        )} | ${median(v.attacks.map((a) => a.p50)).toFixed(1)} / ${median(v.attacks.map((a) => a.p99)).toFixed(1)} / ${Math.max(...v.attacks.map((a) => a.max)).toFixed(0)} | ${((1000 * v.attacks.reduce((n, a) => n + a.cpuMs, 0)) / (seconds * 1000)).toFixed(0)} |`,
    );
  }
  lines.push('');
  return lines;
}

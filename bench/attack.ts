import { fork } from 'node:child_process';
import path from 'node:path';
import type { AttackStats } from './attack-process.js';
import { median, type LoadDriver, type LoadSettings, type Round, type Target } from './load.js';

export interface AttackRecord {
  legitimate: string;
  underAttack: Round[];
  quiet: Round[];
  attacks: AttackStats[];
  /** median req/s under attack ÷ median req/s without; per-round spread. */
  rps: { ratio: number; min: number; max: number };
}

/** The attacker process of bench/attack-process.ts. */
class Attacker {
  private child = fork(path.join(__dirname, 'attack-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  start(targets: string[]): void {
    this.child.send({ start: targets });
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

/**
 * Scenario 7, legitimate throughput under attack: an MN-only query through our gateway, with
 * rounds alternating between "a second client sends issue 7's amplifiers in a loop" (to the
 * gateway and straight to the MN node) and no attack. Target: ratio ≥ 0.8.
 */
export async function legitimateThroughputUnderAttack(driver: LoadDriver, legitimate: Target, attackTargets: string[], settings: LoadSettings): Promise<AttackRecord> {
  const attacker = new Attacker();
  try {
    await driver.run(legitimate, Math.max(1, Math.min(2, settings.durationSec)), settings.connections);
    const underAttack: Round[] = [];
    const quiet: Round[] = [];
    const attacks: AttackStats[] = [];
    for (let i = 0; i < settings.rounds; i++) {
      attacker.start(attackTargets);
      underAttack.push(await driver.measured(legitimate, settings.durationSec, settings.connections));
      attacks.push(await attacker.stop());
      quiet.push(await driver.measured(legitimate, settings.durationSec, settings.connections));
    }
    for (const round of [...underAttack, ...quiet]) {
      if (round.non2xx || round.errors || round.timeouts) throw new Error(`legitimate query failed under attack: ${JSON.stringify(round)}`);
    }
    const perRound = underAttack.map((r, i) => r.rps / quiet[i].rps);
    return {
      legitimate: legitimate.body,
      underAttack,
      quiet,
      attacks,
      rps: { ratio: median(underAttack.map((r) => r.rps)) / median(quiet.map((r) => r.rps)), min: Math.min(...perRound), max: Math.max(...perRound) },
    };
  } finally {
    attacker.close();
  }
}

/** The README/results section for scenario 7. */
export function attackMarkdown(record: AttackRecord): string[] {
  const rps = (rounds: Round[]) => median(rounds.map((r) => r.rps)).toFixed(0);
  const p = (rounds: Round[], key: 'p50' | 'p99') => median(rounds.map((r) => r[key])).toFixed(1);
  const sent = record.attacks.reduce((n, a) => n + a.requests, 0);
  const seconds = record.attacks.reduce((n, a) => n + a.durationMs, 0) / 1000;
  const statuses: Record<string, number> = {};
  for (const a of record.attacks) for (const [k, v] of Object.entries(a.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return [
    '**7. Legitimate throughput under attack** (MN-only query through our gateway; rounds alternate with and without a second client sending issue 7\'s amplifiers in a loop to the gateway and the MN node)',
    '',
    '| Legitimate req/s under attack / without | ratio (spread) | p50 / p99 ms under attack | p50 / p99 ms without | amplifiers sent (req/s) | their answers | amplifier latency p50 / p99 / max ms |',
    '|---|---|---|---|---|---|---|',
    `| ${rps(record.underAttack)} / ${rps(record.quiet)} | **${record.rps.ratio.toFixed(2)}** (${record.rps.min.toFixed(2)}–${record.rps.max.toFixed(2)}) | ${p(record.underAttack, 'p50')} / ${p(record.underAttack, 'p99')} | ${p(record.quiet, 'p50')} / ${p(record.quiet, 'p99')} | ${sent} (${(sent / seconds).toFixed(0)}) | ${Object.entries(statuses).map(([k, v]) => `${v}× ${k}`).join(', ')} | ${median(record.attacks.map((a) => a.p50)).toFixed(1)} / ${median(record.attacks.map((a) => a.p99)).toFixed(1)} / ${Math.max(...record.attacks.map((a) => a.max)).toFixed(0)} |`,
    '',
  ];
}

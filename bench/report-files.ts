import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchOptions } from './args.js';
import { elapsed, step } from './progress.js';
import { markdown, type BenchReport } from './report.js';

/** An empty report: the command and options it was run with, the machine, and the notes every run shares. */
export function newReport(options: BenchOptions, startedAt: Date): BenchReport {
  const cpus = os.cpus();
  return {
    startedAt: startedAt.toISOString(),
    durationSec: 0,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    options: { ...options },
    machine: {
      cpuModel: cpus[0]?.model.trim(),
      cores: cpus.length,
      totalMemoryGB: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
    },
    checks: [],
    comparisons: [],
    sql: [],
    scale: [],
    faults: [],
    notes: [
      'Everything runs on this one machine: each country node (and the central node) in its own Node process, our gateway, the plain gateways and the regional subgraph in the bench process, autocannon in a child process, all nodes on one embedded PostgreSQL server (one database each). A fan-out to N nodes therefore shares the same cores that a real deployment would spread over N machines.',
      'Bench-only PostgreSQL settings: fsync, synchronous_commit and full_page_writes off, shared_buffers 512MB, max_connections 800 (loading speed; reads are unaffected).',
    ],
  };
}

/** Prints the markdown table and writes it and every raw figure to `<out>/<timestamp>.{md,json}`. */
export function writeReport(report: BenchReport, out: string, startedAt: Date): void {
  report.durationSec = elapsed();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  fs.mkdirSync(out, { recursive: true });
  const table = markdown(report);
  fs.writeFileSync(path.join(out, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(out, `${stamp}.md`), `${table}\n`);
  console.log(`\n${table}`);
  step(`wrote ${path.join(out, `${stamp}.json`)} and .md`);
}

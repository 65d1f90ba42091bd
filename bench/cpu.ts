import fs from 'node:fs';

/**
 * CPU time (user + system) spent by groups of processes, from /proc (Linux only; elsewhere it
 * reports nothing). On a 2-core machine that hosts the gateway, every node, PostgreSQL and the
 * load generator, latency ratios mostly reflect who competes for the cores; CPU milliseconds per
 * request say where the work goes.
 */
export class CpuMeter {
  private readonly tick = 100; // USER_HZ: 100 on every mainstream Linux build
  readonly available = fs.existsSync('/proc/self/stat');

  /** `pids` are the processes of each group at sampling time; PostgreSQL backends are found by name. */
  constructor(private readonly groups: () => Record<string, number[]>) {}

  /** utime + stime, plus cutime + cstime (reaped children) when `withChildren`. */
  private cpuMs(pid: number, withChildren = false): number {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the ")" that ends the command name: utime, stime, cutime, cstime are the 12th–15th.
      const f = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .map(Number);
      return ((f[11] + f[12] + (withChildren ? f[13] + f[14] : 0)) * 1000) / this.tick;
    } catch {
      return 0; // the process ended between listing and reading
    }
  }

  private parentOf(pid: number): number {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return 0;
    }
  }

  /**
   * PostgreSQL backends come and go (pools close idle connections); the postmaster's reaped-children
   * time keeps what exited ones used, so: live backends + postmaster including its children.
   */
  private postgresMs(): number {
    const pids = this.postgresPids();
    const all = new Set(pids);
    return pids.reduce((sum, pid) => sum + this.cpuMs(pid, !all.has(this.parentOf(pid))), 0);
  }

  /** Every PostgreSQL process (postmaster and backends); PostgreSQL runs only for the benchmark here. */
  private postgresPids(): number[] {
    const pids: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
      } catch {
        // gone
      }
    }
    return pids;
  }

  sample(): Record<string, number> {
    if (!this.available) return {};
    const out: Record<string, number> = {};
    for (const [group, pids] of Object.entries(this.groups())) out[group] = pids.reduce((sum, pid) => sum + this.cpuMs(pid), 0);
    out.postgres = this.postgresMs();
    return out;
  }
}

/** Per-group CPU ms between two samples, divided by `requests`. */
export function perRequest(before: Record<string, number>, after: Record<string, number>, requests: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const group of Object.keys(after)) out[group] = requests ? (after[group] - (before[group] ?? 0)) / requests : NaN;
  return out;
}

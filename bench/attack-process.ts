/**
 * Child-process entry: the attacker of scenario 8. Sends issue 7's amplifiers in a loop, one
 * request at a time, to the targets in turn, paced or back to back, from its own process so its
 * CPU is not the gateway's. 'start' begins, 'stop' answers with what it saw.
 */
export interface AttackStats {
  requests: number;
  durationMs: number;
  /** CPU the attacker process itself used (user + system), ms: it shares the machine's cores. */
  cpuMs: number;
  /** HTTP status → count. */
  statuses: Record<string, number>;
  /** Response times of the refusals and answers, ms. */
  p50: number;
  p99: number;
  max: number;
}

/** Issue 7's amplifiers; `#` comments vary per request so no cache helps. */
function amplifiers(n: number): string[] {
  let doubling = 'fragment G0 on Event { id }\n';
  for (let i = 1; i <= 20; i++) doubling += `fragment G${i} on Event { ...G${i - 1} programme { events(first: 1) { ...G${i - 1} } } }\n`;
  doubling += '{ events(first: 1) { nodes { ...G20 } } }';
  const deep = `{ event(id: "MN:EVT:x") { ${'programme { events(first: 1) { '.repeat(250)}id${' } }'.repeat(250)} } }`;
  const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: events(first: 500) { totalCount }`).join(' ')} }`;
  const deletes = `mutation { ${Array.from({ length: 1000 }, (_, i) => `d${i}: deleteEvent(id: "MN:EVT:x${i}", expectedVersion: 1)`).join(' ')} }`;
  return [
    doubling,
    '{ programme(id: "MN:PRG:secim") { events(first: 100) { programme { events(first: 100) { programme { events(first: 100) { id } } } } } } }',
    '{ programme(id: "MN:PRG:secim") { events(first: 160) { programme { events(first: 160) { programme { events(first: 160) { id } } } } } } }',
    '{ events(first: 500) { nodes { country { events(first: 500) { nodes { id } } } } } }',
    deep,
    aliases,
    deletes,
  ].map((query) => JSON.stringify({ query: `# ${n}\n${query}` }));
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;
}

let running = false;
let loop: Promise<AttackStats> | null = null;

/** Sends to `targets` in turn; `perSecond` paces the loop (0: back to back, a flood). */
async function attack(targets: string[], perSecond: number): Promise<AttackStats> {
  const statuses: Record<string, number> = {};
  const times: number[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  // Built once: the attacker's own CPU shares the machine with what is measured.
  const bodies = Array.from({ length: 16 }, (_, n) => amplifiers(n));
  for (let n = 0; running; n++) {
    for (const body of bodies[n % bodies.length]) {
      if (!running) break;
      const url = targets[times.length % targets.length];
      if (perSecond > 0) {
        const due = started + (times.length * 1000) / perSecond;
        if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      }
      const t = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
      }
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const used = process.cpuUsage(cpu);
  return {
    requests: times.length,
    durationMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    statuses,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? NaN,
  };
}

process.on('message', async (m: { start?: string[]; perSecond?: number; stop?: true }) => {
  if (m.start) {
    running = true;
    loop = attack(m.start, m.perSecond ?? 0);
  } else if (m.stop && loop) {
    running = false;
    process.send!(await loop);
    loop = null;
  }
});
process.on('disconnect', () => process.exit(0));

/**
 * Scenario `lastknown` (issue 28): a shortened outage of one office under the regional
 * overview's queries. Four nodes in their own processes; the gateway (production defaults,
 * response cache on) serves the overview's query for every selection the page offers (all
 * countries, each one alone, each one left out); every selection is asked once while all is
 * well, then KG is frozen with SIGSTOP (a hung link: its requests time out, then its circuit
 * opens) and clients ask the selections round-robin for the outage window. Counted: answers
 * complete (every country asked FRESH or STALE) vs with a country MISSING, once with
 * LAST_KNOWN=off (as before issue 28) and once with it on.
 *
 *   npm run bench -- --only lastknown [--duration S]   (the outage lasts 5 × S, at least 15 s)
 */
import { OVERVIEW_QUERY } from '../web/overview/data.js';
import { startOurGateway } from './cluster.js';
import type { Resources } from './helpers.js';
import type { BenchPostgres } from './postgres.js';
import { startSeededNodes } from './tool-nodes.js';

const COUNTRIES = ['MN', 'KG', 'AZ', 'VN'];
const DOWN = 'KG';
const CLIENTS = 4;

export interface LastKnownScenarioOptions {
  pg: BenchPostgres;
  regionalUrl: string;
  outageSec: number;
  res: Resources;
  step: (message: string) => void;
}

interface Tally {
  answers: number;
  complete: number;
  withStale: number;
  missing: number;
}

type Part = { country: string; status: string };

/** The overview page's selections: every country, each alone, each left out. */
const SELECTIONS: Array<string[] | null> = [null, ...COUNTRIES.map((c) => [c]), ...COUNTRIES.map((c) => COUNTRIES.filter((o) => o !== c))];

export async function lastKnownScenario(o: LastKnownScenarioOptions): Promise<string[]> {
  const nodes = await startSeededNodes(o.pg, o.res, COUNTRIES, 1000, { database: 'lk', label: 'last-known node' });
  const down = nodes.find((n) => n.country === DOWN)!;
  const notes: string[] = [];
  const tallies: Record<string, Tally> = {};
  for (const mode of ['off', 'on'] as const) {
    const gateway = await startOurGateway(o.regionalUrl, nodes, { RESPONSE_CACHE: 'on', LAST_KNOWN: mode, NODE_TIMEOUT_MS: '3000' });
    const close = o.res.add(`last-known gateway (${mode})`, gateway.close);
    const ask = async (countries: string[] | null): Promise<Part[] | null> => {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: OVERVIEW_QUERY, variables: { countries, lang: 'en' } }),
      });
      const body = (await res.json()) as { data?: unknown; extensions?: { countries?: Part[] } };
      return body.data ? (body.extensions?.countries ?? []) : null;
    };
    await until(() => COUNTRIES.every((c) => gateway.cache!.versions.version(c) !== null), 'every version stream followed');
    for (const selection of SELECTIONS) await ask(selection);
    process.kill(down.pid, 'SIGSTOP');
    const tally: Tally = { answers: 0, complete: 0, withStale: 0, missing: 0 };
    const end = performance.now() + o.outageSec * 1000;
    try {
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let i = client; performance.now() < end; i += 1) {
            const parts = await ask(SELECTIONS[i % SELECTIONS.length]!);
            tally.answers += 1;
            if (parts === null || parts.some((p) => p.status === 'MISSING')) tally.missing += 1;
            else {
              tally.complete += 1;
              if (parts.some((p) => p.status === 'STALE')) tally.withStale += 1;
            }
          }
        }),
      );
    } finally {
      process.kill(down.pid, 'SIGCONT');
    }
    tallies[mode] = tally;
    await close();
  }
  const pct = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`;
  for (const [mode, t] of Object.entries(tallies))
    notes.push(
      `lastknown (${mode === 'on' ? 'with last known data' : 'without (as before issue 28)'}): ${DOWN} frozen for ${o.outageSec} s under the overview's ${SELECTIONS.length} selections, ${CLIENTS} clients: ${t.answers} answers, ${t.complete} complete (${pct(t.complete, t.answers)}; ${t.withStale} with ${DOWN} stale), ${t.missing} with a country missing (${pct(t.missing, t.answers)})`,
    );
  return notes;
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

import pg from 'pg';
import { mintToken } from '../platform/auth.js';
import { MEASURE_SECRET, post, startInProcessFederation, type Answer } from './in-process-federation.js';

/**
 * `npm run build && node dist/scripts/locked-row-timing.js [writes] [holdSeconds]` (issue 19,
 * problem 4): a production-mode federation (gateway, regional, MN and KG nodes, each with its
 * own embedded PostgreSQL in a temp folder, all in this process; response cache and rate limit
 * off so every read reaches the node). An outside transaction holds one KG event row
 * (`SELECT … FOR UPDATE`) for `holdSeconds`; `writes` concurrent updates of that event go
 * through the gateway while 4 readers keep asking for KG organisations (a read that never
 * touches the row). Prints what the reads and the writes got, whether any write was applied,
 * and the KG circuit at the end.
 */
const writes = Number(process.argv[2] ?? 12);
const holdMs = Number(process.argv[3] ?? 12) * 1000;

const tally = (answers: Answer[]) => {
  const counts = new Map<string, number>();
  for (const a of answers) {
    // COUNTRY_UNAVAILABLE with the gateway's reason: database down, circuit open, overloaded, …
    const reason = (r: unknown) => String(r).replace(/; (next health probe in \d+ ms|health probe running)/, '');
    const name = (e: NonNullable<Answer['errors']>[number]) => String(e.extensions?.code) + (e.extensions?.reason ? ` (${reason(e.extensions.reason)})` : '');
    const key = a.errors?.length ? [...new Set(a.errors.map(name))].join(' + ') : 'ok';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
};

async function main() {
  const fed = await startInProcessFederation(['MN', 'KG']);
  try {
    const { gateway } = fed;
    const kg = fed.nodes.get('KG')!;
    const editor = { authorization: `Bearer ${await mintToken({ secret: MEASURE_SECRET, sub: 'locked-row-timing', role: 'editor', country: 'KG' })}` };

    const first = await post(gateway.url, '{ events(filter: { countries: [KG] }, first: 1) { nodes { id version } } }');
    const { id, version } = first.data.events.nodes[0];
    const outside = new pg.Client({ connectionString: (kg.ds.options as { url: string }).url });
    await outside.connect();
    await outside.query('BEGIN');
    await outside.query('SELECT id FROM event WHERE id = $1 FOR UPDATE', [id]);
    const lockedAt = Date.now();

    const update = `mutation($id: ID!, $v: Int!) { updateEvent(id: $id, expectedVersion: $v, patch: { city: "Osh" }) { id version } }`;
    const writeTimes: number[] = [];
    const writeAnswers = Promise.all(
      Array.from({ length: writes }, async () => {
        const answer = await post(gateway.url, update, { id, v: version }, editor);
        writeTimes.push(Date.now() - lockedAt);
        return answer;
      }),
    );
    const reads: Answer[] = [];
    const circuitStates = new Set<string>();
    const read = '{ organisations(filter: { countries: [KG] }, first: 5) { totalCount nodes { id } } }';
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (Date.now() - lockedAt < holdMs) {
          reads.push(await post(gateway.url, read));
          circuitStates.add(gateway.breakers.status('KG').state);
          await new Promise((r) => setTimeout(r, 50));
        }
      }),
    );
    await outside.query('ROLLBACK');
    await outside.end();
    const written = await writeAnswers;
    const after = await post(gateway.url, 'query($id: ID!) { event(id: $id) { version city } }', { id });
    writeTimes.sort((a, b) => a - b);

    console.log(`${writes} updates of ${id} while an outside transaction held it for ${holdMs / 1000} s; 4 readers of KG organisations meanwhile`);
    console.log(`reads: ${reads.length - reads.filter((r) => r.errors?.length).length}/${reads.length} ok; ${tally(reads)}`);
    console.log(`writes: ${tally(written)}; answered after ${writeTimes[0]}–${writeTimes[writeTimes.length - 1]} ms`);
    const sample = written.find((w) => w.errors?.length)?.errors?.[0];
    if (sample) console.log(`a write's error: ${JSON.stringify(sample)}`);
    console.log(`event after the lock ended: version ${after.data?.event?.version} (was ${version}), city ${JSON.stringify(after.data?.event?.city)}`);
    console.log(`KG circuit states seen after each read while locked: ${[...circuitStates].join(', ')}`);
  } finally {
    await fed.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * Scenario `subscription` (issue 22 item 3): how long a change takes to reach a dashboard
 * subscribed to `subscription { changes }` over SSE (`/graphql/stream`) while the nodes take a
 * write load. Four nodes in their own processes, the gateway in the bench process; one
 * subscription (all countries); a background loop creates events on MN, AZ and VN as fast as
 * they are accepted while KG gets `--sub-writes` creates one after another; for each KG create,
 * the time from sending the mutation (and from its answer) until its change arrives on the
 * subscription.
 *
 *   npm run bench -- --only subscription [--sub-writes 100]
 */
import { createClient } from 'graphql-sse';
import { mintToken } from '../platform/auth.js';
import { startOurGateway } from './cluster.js';
import type { Resources } from './helpers.js';
import type { BenchPostgres } from './postgres.js';
import { startSeededNodes } from './tool-nodes.js';

const COUNTRIES = ['MN', 'KG', 'AZ', 'VN'];
/** The nodes' secret in the bench (bench/node-process.ts). */
const SECRET = 'bench-only-secret';

export interface SubscriptionScenarioOptions {
  pg: BenchPostgres;
  regionalUrl: string;
  writes: number;
  res: Resources;
  step: (message: string) => void;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function subscriptionScenario(o: SubscriptionScenarioOptions): Promise<string[]> {
  const nodes = await startSeededNodes(o.pg, o.res, COUNTRIES, 1000, { database: 'sub', label: 'subscription node' });
  const gateway = await startOurGateway(o.regionalUrl, nodes, { JWT_SECRET: SECRET, SUBSCRIPTIONS_PER_CLIENT: '4' });
  o.res.add('subscription gateway', gateway.close);
  const tokens = new Map<string, string>();
  for (const cc of COUNTRIES) tokens.set(cc, `Bearer ${await mintToken({ secret: SECRET, sub: `bench-${cc}`, role: 'editor', country: cc })}`);
  const post = async (query: string, variables: Record<string, unknown>, authorization?: string) => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: { createEvent?: { id: string }; changes: { watermark: string; hasMore: boolean } }; errors?: unknown[] };
  };
  const create = async (cc: string, n: number) => {
    const answer = await post(
      'mutation($i: EventInput!) { createEvent(input: $i) { id } }',
      { i: { country: cc, title: { lang: 'en', text: `Bench live ${cc} ${n}` }, type: 'MEETING', city: `b${n}` } },
      tokens.get(cc),
    );
    if (!answer.data?.createEvent) throw new Error(`create on ${cc} failed: ${JSON.stringify(answer.errors)}`);
    return answer.data.createEvent.id;
  };
  // Start from now: the feed read to its end.
  let since: string | null = null;
  for (;;) {
    const page = await post('query($s: String) { changes(since: $s, first: 500) { watermark hasMore } }', { s: since });
    if (!page.data) throw new Error(`reading the feed failed: ${JSON.stringify(page.errors)}`);
    since = page.data.changes.watermark;
    if (!page.data.changes.hasMore) break;
  }
  const arrived = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const client = createClient({ url: gateway.url.replace(/\/graphql$/, '/graphql/stream'), retryAttempts: 0 });
  const events = client.iterate<{ changes: { changes: Array<{ id: string }> } }>({
    query: 'subscription($s: String) { changes(since: $s) { changes { id } watermark } }',
    variables: { s: since },
  });
  const reading = (async () => {
    for await (const event of events) {
      const now = performance.now();
      for (const c of event.data?.changes.changes ?? []) {
        arrived.set(c.id, now);
        waiting.get(c.id)?.();
      }
    }
  })();
  let stop = false;
  let background = 0;
  const load = Promise.all(
    ['MN', 'AZ', 'VN'].map(async (cc) => {
      for (let n = 0; !stop; n++) {
        await create(cc, n);
        background++;
      }
    }),
  );
  const fromSend: number[] = [];
  const fromAnswer: number[] = [];
  const t0 = performance.now();
  for (let n = 0; n < o.writes; n++) {
    const sent = performance.now();
    const id = await create('KG', n);
    const answered = performance.now();
    if (!arrived.has(id)) await new Promise<void>((resolve) => waiting.set(id, resolve));
    fromSend.push(arrived.get(id)! - sent);
    fromAnswer.push(Math.max(0, arrived.get(id)! - answered));
  }
  const seconds = (performance.now() - t0) / 1000;
  stop = true;
  await load;
  await events.return?.();
  client.dispose();
  await reading.catch(() => {});
  fromSend.sort((a, b) => a - b);
  fromAnswer.sort((a, b) => a - b);
  const ms = (x: number) => x.toFixed(0);
  const line =
    `subscription: ${o.writes} KG creates delivered while ${background} creates ran on MN, AZ and VN in ${seconds.toFixed(1)} s ` +
    `(${((o.writes + background) / seconds).toFixed(0)} writes/s); from sending the mutation to the change on the subscription p50 ${ms(pct(fromSend, 50))} ms, ` +
    `p95 ${ms(pct(fromSend, 95))} ms, max ${ms(fromSend[fromSend.length - 1])} ms; after the mutation's answer p50 ${ms(pct(fromAnswer, 50))} ms, p95 ${ms(pct(fromAnswer, 95))} ms`;
  o.step(line);
  return [line];
}

import { createClient, type Client } from 'graphql-sse';
import { mintToken } from '../../platform/auth.js';
import { DEV_JWT_SECRET } from '../../platform/config.js';
import { startFederation, type TestFederation } from '../support/federation.js';

/*
 * The changes subscription over Server-Sent Events (graphql-sse, distinct connections) through
 * the real federation: a write on a node arrives on an open subscription, a subscription resumed
 * from a watermark gets exactly the changes after it, and a client's open subscriptions are bounded.
 */

jest.setTimeout(120_000);

let fed: TestFederation;
let sse: Client;
let editor: Record<string, string>;
const COUNTRIES = ['MN', 'KG'];

const FEED_FIELDS = `changes { kind entity id country version record { id ... on Event { city } } } watermark unavailable`;

beforeAll(async () => {
  // Read before the gateway starts (tests' gateways take limits from the environment).
  process.env.SUBSCRIPTIONS_PER_CLIENT = '2';
  // No fallback poll within the test: a change must arrive because the node announced it.
  process.env.SUBSCRIPTION_POLL_MS = '600000';
  fed = await startFederation({ countries: COUNTRIES });
  sse = createClient({ url: fed.gateway.url.replace(/\/graphql$/, '/graphql/stream'), retryAttempts: 0 });
  editor = { authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: 'sse-editor', role: 'editor', country: 'KG' })}` };
});

afterAll(async () => {
  sse?.dispose();
  await fed?.stop();
  delete process.env.SUBSCRIPTIONS_PER_CLIENT;
  delete process.env.SUBSCRIPTION_POLL_MS;
});

/** The watermark after every change so far (the feed read to its end). */
async function currentWatermark(): Promise<string> {
  let since: string | null = null;
  for (;;) {
    const answer = await fed.query(`query($s: String) { changes(since: $s, first: 500) { watermark hasMore } }`, { s: since });
    since = answer.data.changes.watermark;
    if (!answer.data.changes.hasMore) return since!;
  }
}

async function createKgEvent(city: string): Promise<string> {
  const answer = await fed.query(
    `mutation($i: EventInput!) { createEvent(input: $i) { id } }`,
    { i: { country: 'KG', title: { lang: 'en', text: `Live ${city}` }, type: 'MEETING', city } },
    editor,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.createEvent.id;
}

function subscribe(since: string) {
  return sse.iterate<{ changes: { changes: Array<{ id: string; kind: string; record: { city: string } | null }>; watermark: string; unavailable: string[] } }>({
    query: `subscription($since: String) { changes(since: $since, filter: { countries: [KG] }) { ${FEED_FIELDS} } }`,
    variables: { since },
  });
}

it('delivers a write on a node to an open subscription, then resumes from a watermark with exactly the later changes', async () => {
  const start = await currentWatermark();
  const kg = fed.proxies.get('KG')!;
  kg.reset();
  const live = subscribe(start);
  const first = live.next();
  // The write comes after the subscription's first (empty) read of the feed reached KG, so only
  // KG's data-version announcement can bring it (the fallback poll is 10 minutes away).
  while (kg.requests === 0) await new Promise((r) => setImmediate(r));
  const id = await createKgEvent('Osh');
  const event = (await first).value!;
  expect(event.errors).toBeUndefined();
  expect(event.data!.changes.changes.map((c: { id: string; kind: string; record: { city: string } | null }) => [c.id, c.kind, c.record?.city])).toEqual([
    [id, 'UPSERT', 'Osh'],
  ]);
  // Now the subscription waits (its read that found Osh has answered): only KG's announcement of
  // its new data version can wake it for the next write.
  const second = await createKgEvent('Talas');
  const pushed = (await live.next()).value!;
  expect(pushed.data!.changes.changes.map((c: { id: string }) => c.id)).toEqual([second]);
  const resumeFrom = pushed.data!.changes.watermark;
  await live.return!();

  const later = await createKgEvent('Naryn');
  const resumed = subscribe(resumeFrom);
  const next = (await resumed.next()).value!;
  expect(next.data!.changes.changes.map((c: { id: string }) => c.id)).toEqual([later]);
  await resumed.return!();
});

it("bounds a client's open subscriptions", async () => {
  const url = fed.gateway.url.replace(/\/graphql$/, '/graphql/stream');
  const open = async () =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `subscription($s: String) { changes(since: $s) { watermark } }`, variables: { s: await currentWatermark() } }),
    });
  const held = [await open(), await open()];
  expect(held.map((r) => r.status)).toEqual([200, 200]);
  const third = await open();
  expect(third.status).toBe(429);
  expect(((await third.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
  // Closing one frees its place.
  await held[0].body!.cancel();
  let again = await open();
  for (let i = 0; again.status === 429 && i < 50; i++) {
    await new Promise((r) => setImmediate(r));
    again = await open();
  }
  expect(again.status).toBe(200);
  await again.body!.cancel();
  await held[1].body!.cancel();
});

it('refuses queries on the stream path and bad subscriptions with a code', async () => {
  const url = fed.gateway.url.replace(/\/graphql$/, '/graphql/stream');
  const post = (query: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query }) });
  const asQuery = await post('{ countries { code } }');
  expect(asQuery.status).toBe(400);
  expect(((await asQuery.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  const reserved = await post('subscription { changes { sse__x: watermark } }');
  expect(reserved.status).toBe(400);
});

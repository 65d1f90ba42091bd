import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { OVERVIEW_QUERY } from '../contract/overview.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { waitFor } from './support/wait.js';

// "Warm where it matters" (issue 28), end to end: with LAST_KNOWN_WARM=overview the gateway sends
// the regional overview's openings again after every version an office announces, so the overview
// has an office's last known data when its link fails although no client asked since its last write.

let fed: TestFederation;
type Part = { country: string; status: string; dataVersion: number | null };
const OPENING = { countries: null, lang: 'en' };

beforeAll(async () => {
  fed = await startFederation({
    countries: ['KG', 'MN'],
    nodeTimeoutMs: 3000,
    gatewayEnv: { RESPONSE_CACHE: 'on', LAST_KNOWN_WARM: 'overview', LAST_KNOWN_WARM_SETTLE_MS: '50', BREAKER_OPEN_MS: '200', BREAKER_MAX_OPEN_MS: '400' },
  });
  await waitFor(() => ['KG', 'MN'].every((c) => fed.gateway.cache!.versions.version(c) !== null), 'both version streams');
});
afterAll(async () => {
  await fed?.stop();
});

const kgPart = (res: { extensions?: Record<string, unknown> }) => ((res.extensions?.countries ?? []) as Part[]).find((p) => p.country === 'KG');
const kgKeptAt = () => fed.gateway.lastKnown!.book.summary('KG')?.dataVersion ?? null;

test("after a write no client has read back, the overview still has KG's newest figures when KG's link fails", async () => {
  const version = () => fed.gateway.cache!.versions.version('KG');
  const warmer = fed.gateway.warmer!;
  await waitFor(() => warmer.rounds > 0 && warmer.idle && kgKeptAt() === version(), "the overview warmed at KG's version");
  const before = version()!;
  const rounds = warmer.rounds;
  // A write straight to KG's node: the gateway hears of it only from KG's version stream, and no client reads after it.
  const token = await mintToken({ secret: DEV_JWT_SECRET, sub: 'warm-test', role: 'editor', country: 'KG' });
  const created = await fed.nodes
    .get('KG')!
    .query(
      'mutation($input: EventInput!) { createEvent(input: $input) { id } }',
      { input: { country: 'KG', title: { lang: 'en', text: 'Warm council' }, type: 'MEETING', startDate: '2019-05-05' } },
      { authorization: `Bearer ${token}` },
    );
  expect(created.errors).toBeUndefined();
  await waitFor(() => (version() ?? 0) > before, 'the write announced on the stream');
  await waitFor(() => warmer.rounds > rounds && warmer.idle && kgKeptAt() === version(), 'a whole round warmed at the new version');
  const kept = kgKeptAt();

  const proxy = fed.proxies.get('KG')!;
  proxy.mode = 'hang';
  try {
    // While KG's stream stays up the exact cache rightly answers the overview whole; a read it does
    // not hold times out, which puts KG in doubt, as a real outage does.
    await fed.query('{ events(first: 3) { totalCount } }');
    await waitFor(() => version() === null, 'KG in doubt');
    const answer = (await fed.query(OVERVIEW_QUERY, OPENING)) as { data?: any; extensions?: Record<string, unknown> };
    if (kgPart(answer)?.status !== 'STALE')
      console.log(JSON.stringify((answer as any).errors?.map((e: any) => [e.path, e.extensions?.reason, e.extensions?.servedStale])));
    expect(kgPart(answer)).toMatchObject({ status: 'STALE', dataVersion: kept });
    const kg = answer.data.countries.find((c: { code: string }) => c.code === 'KG');
    expect(kg.events.nodes[0].updatedAt).toBeDefined();
    // The new event is among the figures: the year of the write has a KG count.
    expect(answer.data.byYear).toContainEqual(expect.objectContaining({ country: 'KG', year: 2019 }));
  } finally {
    proxy.mode = 'pass';
  }
});

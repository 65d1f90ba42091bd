import http from 'node:http';
import { startFederation, type TestFederation } from './support/federation.js';
import { HOSTILE_KINDS, hostileRequest, type HostileRequest } from './support/hostile-corpus.js';
import { median } from './support/wait.js';

/**
 * Hostile requests against the gateway and straight at a country node while a legitimate
 * MN-only query runs throughout: every hostile request gets a coded answer (an error code or
 * data) within a generous second, never a 5xx or INTERNAL_SERVER_ERROR, no service stops, and
 * the legitimate query never fails.
 */
const PER_TARGET = 1100;
/**
 * Issue 7's bound is one second. The test shares two cores with the rest of `npm test` (and the
 * servers share the test's process), so one request may wait out a stall that has nothing to do
 * with it: every request must be answered within a generous bound, and 99% within the second.
 * On a busy machine both stretch with its pace, measured in the test (see `pace`).
 */
const ANSWER_WITHIN_MS = 1000;
const EVERY_ANSWER_WITHIN_MS = 5000;
/** A quiet machine answers the legitimate query in about 10 ms: these factors leave the bounds above as they are there. */
const ANSWER_WITHIN_PACES = 25;
const EVERY_ANSWER_WITHIN_PACES = 125;
const LEGITIMATE = '{ events(filter: { countries: [MN] }, first: 20) { totalCount nodes { id title { text } } } }';

let fed: TestFederation;
beforeAll(async () => {
  // The legitimate query must not fail because a loaded machine kept MN's answer past the usual
  // 3 s node timeout: this test is about what hostile requests do, and times them itself.
  fed = await startFederation({ nodeTimeoutMs: 10_000 });
}, 300_000);
afterAll(async () => {
  legitimateAgent.destroy();
  await fed?.stop();
});

/**
 * The legitimate client has its own connections, as a real second client would: the hostile
 * client's connections are the ones Node's HTTP parser closes (431 on a 100 KB URL).
 */
let legitimateAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function legitimateQuery(url: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: legitimateAgent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query: LEGITIMATE }));
  });
}

interface Outcome {
  kind: string;
  /** Position in the corpus. */
  index: number;
  status: number;
  ms: number;
  codes: string[];
  hasData: boolean;
}

async function send(url: string, request: HostileRequest, index = -1): Promise<Outcome> {
  const started = performance.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(url + (request.search ?? ''), {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(10_000),
    });
    text = await res.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { kind: request.kind, index, status: 0, ms: performance.now() - started, codes: [`(network: ${cause})`], hasData: false };
  }
  const ms = performance.now() - started;
  let body: { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: no code, counted as unanswered below
  }
  return {
    kind: request.kind,
    index,
    status: res.status,
    ms,
    codes: (body.errors ?? []).map((e) => e.extensions?.code ?? '(none)'),
    hasData: body.data !== undefined && body.data !== null,
  };
}

/** Sends `count` requests of corpus `seed`, one at a time, each built just before it is sent (untimed). */
async function attack(url: string, seed: number, count: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let index = 0; index < count; index++) outcomes.push(await send(url, hostileRequest(seed, index), index));
  return outcomes;
}

/** The median time of `count` legitimate queries one after another: the machine's pace now. */
async function pace(count = 15): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await legitimateQuery(fed.gateway.url);
    expect(res.errors).toBeUndefined();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** The outcomes that break a rule, summarised by kind of request (readable when it fails). */
function problems(outcomes: Outcome[], everyWithinMs: number): Record<string, string[]> {
  const bad = outcomes.filter(
    (o) =>
      o.status === 0 ||
      o.status >= 500 ||
      o.ms > everyWithinMs ||
      o.codes.includes('INTERNAL_SERVER_ERROR') ||
      o.codes.includes('(none)') ||
      (o.codes.length === 0 && !o.hasData),
  );
  const byKind: Record<string, string[]> = {};
  for (const o of bad) {
    const line = `#${o.index}: HTTP ${o.status} [${o.codes.join(',')}] ${Math.round(o.ms)} ms`;
    if (!(byKind[o.kind] ??= []).includes(line)) byKind[o.kind].push(line);
  }
  return byKind;
}

test('hostile requests at the gateway and a node get coded answers (99% within a second, all within 5 s, stretched on a busy machine); a legitimate query keeps working', async () => {
  const mn = fed.nodes.get('MN')!;
  // The first requests after start compile code paths (seconds on a busy machine): not an attack's cost.
  for (let i = 0; i < 5; i++) await legitimateQuery(fed.gateway.url);
  for (const url of [fed.gateway.url, mn.url]) for (let i = 0; i < 2 * HOSTILE_KINDS; i++) await send(url, hostileRequest(1, i));
  // A fresh connection: the warm-up's may have idled past the server's keep-alive timeout.
  legitimateAgent.destroy();
  legitimateAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const paceBefore = await pace();
  let attacking = true;
  const legitimate: Array<{ ok: boolean; ms: number; problem?: string }> = [];
  const legitimateLoop = (async () => {
    while (attacking) {
      const started = performance.now();
      try {
        const res = await legitimateQuery(fed.gateway.url);
        const ok = !res.errors && res.data?.events?.totalCount > 0 && res.data.events.nodes.every((n: { id: string }) => n.id.startsWith('MN:'));
        legitimate.push({ ok, ms: performance.now() - started, problem: ok ? undefined : JSON.stringify(res).slice(0, 300) });
      } catch (error) {
        legitimate.push({ ok: false, ms: performance.now() - started, problem: `${(error as Error).message} after ${legitimate.length} answers` });
      }
    }
  })();
  const [atGateway, atNode] = await Promise.all([attack(fed.gateway.url, 7, PER_TARGET), attack(mn.url, 8, PER_TARGET)]);
  attacking = false;
  await legitimateLoop;
  // The machine's pace before and after the attack; the slower one stretches the bounds.
  const machinePace = Math.max(paceBefore, await pace());
  const answerWithinMs = Math.max(ANSWER_WITHIN_MS, ANSWER_WITHIN_PACES * machinePace);
  const everyAnswerWithinMs = Math.max(EVERY_ANSWER_WITHIN_MS, EVERY_ANSWER_WITHIN_PACES * machinePace);

  const outcomes = [...atGateway, ...atNode];
  expect(outcomes.length).toBeGreaterThanOrEqual(2000);
  const byKind = new Map<string, Outcome[]>();
  for (const o of outcomes) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  console.log(
    [...byKind]
      .map(
        ([kind, list]) =>
          `${kind}: ${list.length}, HTTP ${[...new Set(list.map((o) => o.status))].join('/')}, slowest ${Math.round(Math.max(...list.map((o) => o.ms)))} ms`,
      )
      .join('\n'),
  );
  expect(problems(atGateway, everyAnswerWithinMs)).toEqual({});
  expect(problems(atNode, everyAnswerWithinMs)).toEqual({});
  const slow = outcomes.filter((o) => o.ms > answerWithinMs);
  expect(slow.length).toBeLessThanOrEqual(outcomes.length * 0.01);
  // The amplifiers are refused, not answered slowly.
  for (const kind of ['fragment doubling', 'nested first lists', 'events × country × events', 'deep nesting', 'alias bomb', 'spread doubling']) {
    expect(outcomes.filter((o) => o.kind === kind).every((o) => o.status === 400 && o.codes[0] === 'QUERY_TOO_COMPLEX')).toBe(true);
  }
  const unstorable = outcomes.filter((o) => o.kind === 'unstorable characters' || o.kind === 'NUL in a literal');
  // BAD_USER_INPUT naming the field; a lone surrogate escape in a literal is a syntax error; _entities is not in the gateway's schema.
  const answers = new Set(unstorable.map((o) => `${o.status} ${o.codes[0]}`));
  expect(answers).toContain('400 BAD_USER_INPUT');
  expect([...answers].filter((a) => !['400 BAD_USER_INPUT', '400 GRAPHQL_PARSE_FAILED', '400 GRAPHQL_VALIDATION_FAILED'].includes(a))).toEqual([]);
  expect(legitimate.length).toBeGreaterThan(10);
  expect(legitimate.filter((l) => !l.ok).map((l) => l.problem)).toEqual([]);

  // Every service is still up and answering.
  for (const url of [fed.gateway.url, mn.url, fed.nodes.get('KG')!.url, fed.regional.url]) {
    const health = await fetch(url.replace(/graphql$/, 'health'));
    expect(health.status).toBe(200);
  }
  const slowest = (list: Array<{ ms: number }>) => Math.round(Math.max(...list.map((o) => o.ms)));
  const sorted = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  console.log(
    `hostile: ${outcomes.length} requests, p50 ${Math.round(sorted[Math.floor(sorted.length / 2)])} ms, p99 ${Math.round(sorted[Math.floor(sorted.length * 0.99)])} ms, slowest ${slowest(outcomes)} ms, ${slow.length} over ${Math.round(answerWithinMs)} ms (pace ${machinePace.toFixed(1)} ms); legitimate: ${legitimate.length} answers, slowest ${slowest(legitimate)} ms`,
  );
}, 900_000); // 2,200 requests one after another per target: minutes on a busy machine

test('refused mutations and amplifiers never reach a node', async () => {
  for (const proxy of fed.proxies.values()) proxy.reset();
  const deletes = Array.from({ length: 1000 }, (_, i) => `d${i}: deleteEvent(id: "MN:EVT:x${i}", expectedVersion: 1)`).join(' ');
  const refused = await Promise.all([
    fed.query(`mutation { ${deletes} }`),
    fed.query('mutation { deleteEvent(id: "MN:EVT:x", expectedVersion: 1) }'),
    fed.query('mutation { deleteEvent(id: "MN:EVT:x", expectedVersion: 1) }', undefined, { authorization: 'Bearer not-a-jwt' }),
    fed.query('{ events(first: 500) { nodes { country { events(first: 500) { nodes { id } } } } } }'),
  ]);
  expect(refused.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'QUERY_TOO_COMPLEX']);
  // Only the gateway's own health and schema checks may have reached a node meanwhile.
  const forwarded = [...fed.proxies.values()].flatMap((p) => p.bodies).filter((body) => !/_service|__typename \}?$|health/.test(body));
  expect(forwarded).toEqual([]);
});

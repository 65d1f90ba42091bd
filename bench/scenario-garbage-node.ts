import { fork } from 'node:child_process';
import path from 'node:path';
import type { RunningGateway } from '../gateway/server.js';
import { startOurGateway, type BenchNode } from './cluster.js';
import { compare, type Comparison, type LoadDriver, type LoadSettings } from './load.js';

export interface GarbageRecord {
  id: string;
  title: string;
  note: string;
  result: Comparison;
}

/** The three fronts of bench/garbage-node-process.ts, in their own process. */
function startFronts(nodeUrl: string): Promise<{ urls: Record<'pass' | 'garbage' | 'two-of-three', string>; close(): void }> {
  const child = fork(path.join(__dirname, 'garbage-node-process.js'), [nodeUrl], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`garbage fronts exited (${code})`)));
    child.once('message', (m: { urls: Record<'pass' | 'garbage' | 'two-of-three', string> }) =>
      resolve({ urls: m.urls, close: () => (child.connected ? child.disconnect() : undefined) }),
    );
  });
}

/** What `bad`'s answers came to in one gateway so far: sent and answered well, refused, and circuit openings. */
async function badNodeCounts(gateway: RunningGateway, country: string): Promise<{ ok: number; refused: number; opened: number }> {
  const [durations, errors, transitions] = await Promise.all([
    gateway.metrics.subRequestDuration.get(),
    gateway.metrics.subRequestErrors.get(),
    gateway.metrics.breakerTransitions.get(),
  ]);
  const ok = durations.values
    .filter((v) => v.metricName?.endsWith('_count') && v.labels.country === country && v.labels.outcome === 'ok')
    .reduce((sum, v) => sum + v.value, 0);
  const refused = errors.values.find((v) => v.labels.country === country && v.labels.kind === 'refused_answer')?.value ?? 0;
  const opened = transitions.values.find((v) => v.labels.country === country && v.labels.state === 'open')?.value ?? 0;
  return { ok, refused, opened };
}

/**
 * 13. What checking node answers costs, and what a node answering garbage costs everyone else.
 * (a) The cross-country page through two gateways in the same run, one checking every node
 * answer (the default), one merging what the nodes send (`validateAnswers: false`, bench only):
 * the CPU column is the check's price per page. (b) The same page while `bad` answers every
 * request with garbage, vs the same load with `bad` healthy behind the same kind of front
 * (target ≥ 0.9 of the req/s): its circuit opens after three bad answers; its health probe
 * passes, which only admits one trial request, and each failed trial doubles the wait (up to
 * BREAKER_MAX_OPEN_MS). (c) The same while `bad` answers two of every three requests with
 * garbage: never three faults in a row, so its circuit opens on the failure rate over the
 * window, and a trial that happens to pass closes it only until the rate opens it again (with
 * the longer wait). Answers with `bad` left out are partial (HTTP 200, COUNTRY_BAD_RESPONSE or
 * COUNTRY_UNAVAILABLE) and counted as answered. Each record's note says how many of `bad`'s
 * answers the gateway read and refused during the comparison, and how often its circuit opened.
 */
export async function garbageNodeScenario(
  driver: LoadDriver,
  regionalUrl: string,
  nodes: BenchNode[],
  bad: BenchNode,
  page: string,
  settings: LoadSettings,
  step: (message: string) => void,
): Promise<GarbageRecord[]> {
  const fronts = await startFronts(bad.url);
  const gateways: RunningGateway[] = [];
  const gatewayWith = async (url: string, validate = true) => {
    const gateway = await startOurGateway(
      regionalUrl,
      nodes.map((n) => (n === bad ? { country: n.country, url } : n)),
      { NODE_TIMEOUT_MS: '3000' }, // production's: an answer cut at the limit must not wait a minute
      { validateAnswers: validate },
    );
    gateways.push(gateway);
    return gateway;
  };
  try {
    const checked = await gatewayWith(fronts.urls.pass);
    const unchecked = await gatewayWith(fronts.urls.pass, false);
    const garbage = await gatewayWith(fronts.urls.garbage);
    const twoOfThree = await gatewayWith(fronts.urls['two-of-three']);
    const target = (label: string, gateway: RunningGateway) => ({ label, url: gateway.url, body: page });
    const records: GarbageRecord[] = [];
    const run = async (id: string, title: string, note: string, a: ReturnType<typeof target>, b: ReturnType<typeof target>, watched?: RunningGateway) => {
      step(`13${id} ${title}`);
      const before = watched ? await badNodeCounts(watched, bad.country) : null;
      const result = await compare(driver, a, b, settings);
      step(
        `   req/s ${result.a.rps.toFixed(0)} / ${result.b.rps.toFixed(0)} = ${result.rps.ratio.toFixed(2)}; gateway CPU ms/request ${result.a.cpuMsPerRequest.gateway?.toFixed(2)} / ${result.b.cpuMsPerRequest.gateway?.toFixed(2)}`,
      );
      if (watched && before) {
        const after = await badNodeCounts(watched, bad.country);
        const seen = `${bad.country} answers read: ${after.ok - before.ok} good, ${after.refused - before.refused} refused; its circuit opened ${after.opened - before.opened} times`;
        step(`   ${seen}`);
        note = `${note}; ${seen}`;
      }
      records.push({ id: `13${id}`, title, note, result });
    };
    await run(
      'a',
      'Checking node answers (shape, types, ownership, size) vs merging them unchecked',
      'cross-country page; both gateways behind the same pass-through fronts',
      target('answers checked (default)', checked),
      target('answers merged unchecked (bench only)', unchecked),
    );
    await run(
      'b',
      `Legitimate throughput while ${bad.country} answers garbage to every request`,
      `${bad.country}'s circuit opens after 3 bad answers; its passing health probe admits one trial request, which fails and doubles the wait; target ≥ 0.9`,
      target(`${bad.country} answers garbage`, garbage),
      target(`${bad.country} healthy`, checked),
      garbage,
    );
    await run(
      'c',
      `Legitimate throughput while ${bad.country} answers garbage to two requests of three`,
      `never three faults in a row: its circuit opens on the failure rate over the window (BREAKER_FAILURE_RATIO 0.5 of at least BREAKER_MIN_SAMPLES 20 answers in BREAKER_WINDOW_MS 10 s); target ≥ 0.9`,
      target(`${bad.country} garbage 2 of 3`, twoOfThree),
      target(`${bad.country} healthy`, checked),
      twoOfThree,
    );
    return records;
  } finally {
    for (const gateway of gateways) await gateway.close();
    fronts.close();
  }
}

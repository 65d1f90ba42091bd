/**
 * `npm run bench`: starts the whole federation and its baselines on one machine, loads synthetic
 * data, measures the scenarios of issue 4 with autocannon, and writes bench/results/<timestamp>.{json,md}.
 * See bench/README.md for what is measured and how to read it.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRegionalConfig } from '../platform/config.js';
import { startRegional } from '../subgraphs/regional/server.js';
import { countryCodes, HELP, parseBenchArgs, type BenchOptions } from './args.js';
import { startNodeProcess, startOurGateway, startPlainGateway, type BenchNode } from './cluster.js';
import { legitimateThroughputUnderAttack } from './attack.js';
import { connectionFloodScenario } from './scenario-flood.js';
import { ensureRows } from './data.js';
import { CpuMeter } from './cpu.js';
import { compare, LoadDriver, type LoadSettings, type Target } from './load.js';
import { startBenchPostgres, type BenchPostgres } from './postgres.js';
import { eventBody, pageBody, statsBody } from './queries.js';
import { hungNodeScenario } from './scenario-hung-node.js';
import { cacheScenario } from './scenario-cache.js';
import { workersScenario } from './scenario-workers.js';
import { wanScenario } from './scenario-wan.js';
import { scaleScenario } from './scenario-scale.js';
import { garbageNodeScenario } from './scenario-garbage-node.js';
import { exportScenario } from './scenario-export.js';
import { subscriptionScenario } from './scenario-subscription.js';
import { lastKnownScenario } from './scenario-last-known.js';
import { cpuText, cursorAfter, gql, Resources, sequentialP50, sortStats, sqlPerRequest, withCountryDb } from './helpers.js';
import { markdown, type BenchReport } from './report.js';

const t0 = performance.now();
const elapsed = () => (performance.now() - t0) / 1000;
const step = (message: string) => console.log(`[${elapsed().toFixed(1).padStart(6)}s] ${message}`);

let aborted = false;
const checkAborted = () => {
  if (aborted) throw new Error('aborted');
};

async function inPool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(size, queue.length) }, async () => {
      while (queue.length) {
        checkAborted();
        await fn(queue.shift()!);
      }
    }),
  );
}

async function run(options: BenchOptions, res: Resources, report: BenchReport): Promise<void> {
  const settings: LoadSettings = { durationSec: options.durationSec, connections: options.connections, rounds: options.rounds };
  const rows = options.rowsPerCountry;

  step('starting embedded PostgreSQL');
  const pg: BenchPostgres = await startBenchPostgres(step);
  res.add('embedded PostgreSQL', pg.stop);
  report.machine.postgres = `PostgreSQL ${pg.version} (embedded)`;
  step(`PostgreSQL ${pg.version} in ${pg.dataDir}`);

  const regional = await startRegional(
    loadRegionalConfig(['--port', '0'], { NODE_ENV: 'production', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', DATABASE_URL: await pg.database('regional') }),
  );
  res.add('regional', regional.close);
  step(`regional subgraph at ${regional.url}`);

  // --- export: streaming bulk export vs the databases directly (bench/scenario-export.ts) --------
  if (options.only.has('export')) {
    step(`export: full export of ${options.exportRows.toLocaleString('en')} events per country through the gateway vs the four databases directly`);
    report.notes.push(...(await exportScenario({ pg, regionalUrl: regional.url, rowsPerCountry: options.exportRows, rounds: options.rounds, res, step })));
  }
  // --- subscription: changes pushed over SSE under a write load (bench/scenario-subscription.ts) --
  if (options.only.has('subscription')) {
    step(`subscription: ${options.subWrites} timed creates on KG delivered to a changes subscription while MN, AZ and VN take writes`);
    report.notes.push(...(await subscriptionScenario({ pg, regionalUrl: regional.url, writes: options.subWrites, res, step })));
  }
  // --- lastknown: one office's outage under the overview's queries (bench/scenario-last-known.ts) --
  if (options.only.has('lastknown')) {
    const outageSec = Math.max(15, 5 * options.durationSec);
    step(`lastknown: KG frozen for ${outageSec} s under the regional overview's queries, without and with last known data`);
    report.notes.push(...(await lastKnownScenario({ pg, regionalUrl: regional.url, outageSec, res, step })));
  }
  if ([...options.only].every((id) => id === 'export' || id === 'subscription' || id === 'lastknown')) return;

  const nodes = new Map<string, BenchNode>();
  /** Gives each of `codes` exactly `perCountry` events (2 loads at a time) and starts its node (4 at a time) if needed. */
  const ensureNodes = async (codes: string[], perCountry: number) => {
    const t = performance.now();
    await inPool(codes, 2, async (cc) => withCountryDb(await pg.database(`node_${cc.toLowerCase()}`), (ds) => ensureRows(ds, [cc], perCountry)));
    const missing = codes.filter((cc) => !nodes.has(cc));
    await inPool(missing, 4, async (cc) => {
      const node = await startNodeProcess(cc, await pg.database(`node_${cc.toLowerCase()}`));
      nodes.set(cc, node);
      res.add(`node ${cc}`, node.stop);
    });
    step(
      `${codes.length} countries × ${perCountry.toLocaleString('en')} events ready (${missing.length} nodes started) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  };

  const main = countryCodes(options.countries);
  step(`loading ${rows} events per country for ${main.join(', ')}`);
  await ensureNodes(main, rows);
  const mainNodes = main.map((cc) => nodes.get(cc)!);

  step(`central database: all ${main.length} countries' rows in one database behind one node (ZZ)`);
  const centralUrl = await pg.database('central');
  await withCountryDb(centralUrl, (ds) => ensureRows(ds, main, rows));
  const central = await startNodeProcess('ZZ', centralUrl);
  const closeCentral = res.add('central node', central.stop);

  const gateway = await startOurGateway(regional.url, mainNodes);
  const closeGateway = res.add('our gateway', gateway.close);
  // The same gateway asking every node for `first` full rows (the fetch before top-k): scenario 3c.
  const fullPages = await startOurGateway(regional.url, mainNodes, {}, { pageFetch: { mode: 'full', missRate: 0.005 } });
  const closeFullPages = res.add('our gateway (full pages)', fullPages.close);
  // Scenario 3d: the same gateway with identical concurrent reads sent once (the default in a deployment).
  const coalescing = await startOurGateway(regional.url, mainNodes, {}, { singleFlight: true });
  const closeCoalescing = res.add('our gateway (single-flight)', coalescing.close);
  const plain = await startPlainGateway(regional.url, mainNodes[0]);
  const closePlain = res.add('plain gateway', plain.close);
  const plainCentral = await startPlainGateway(regional.url, central);
  const closePlainCentral = res.add('plain gateway (central)', plainCentral.close);
  step(`our gateway ${gateway.url}; plain @apollo/gateway over ${main[0]} ${plain.url}; over the central node ${plainCentral.url}`);

  // --- answers are right before they are timed -------------------------------------------------
  const page = pageBody(50);
  const ourPage = await gql(gateway.url, page);
  const fullPage = await gql(fullPages.url, page);
  const centralPage = await gql(plainCentral.url, page);
  const ids = (d: any) => d.events.edges.map((e: any) => e.node.id).join(',');
  report.checks.push(
    `cross-country page of 50: our gateway over ${main.length} nodes ${ids(ourPage) === ids(centralPage) ? 'returns the same ids in the same order as' : 'DIFFERS FROM'} the central database`,
  );
  report.checks.push(
    `cross-country page of 50: top-k and full-page fetches ${JSON.stringify(ourPage) === JSON.stringify(fullPage) ? 'answer byte for byte the same' : 'DIFFER'}`,
  );
  const together = await Promise.all(Array.from({ length: 8 }, () => gql(coalescing.url, page)));
  report.checks.push(
    `cross-country page of 50, 8 identical requests at once through the single-flight gateway: ${together.every((d) => JSON.stringify(d) === JSON.stringify(ourPage)) ? 'each answer byte for byte the same as' : 'DIFFER FROM'} one alone`,
  );
  const ourStats = await gql(gateway.url, statsBody());
  const centralStats = await gql(plainCentral.url, statsBody());
  report.checks.push(
    `eventStats(groupBy: [COUNTRY, YEAR]): ${sortStats(ourStats.eventStats) === sortStats(centralStats.eventStats) ? 'same groups and counts as' : 'DIFFERS FROM'} the central database (${ourStats.eventStats.length} groups)`,
  );
  const candidates = await gql(
    mainNodes[0].url,
    JSON.stringify({ query: '{ events(first: 100) { edges { node { id programme { id } participants { id } } } } }' }),
  );
  const rich = candidates.events.edges.map((e: any) => e.node).find((n: any) => n.programme && n.participants.length > 0) ?? candidates.events.edges[0].node;
  const one = eventBody(rich.id);
  const ourOne = await gql(gateway.url, one);
  const plainOne = await gql(plain.url, one);
  report.checks.push(
    `event(id: "${rich.id}") with nested programme and organisations: our gateway ${JSON.stringify(ourOne) === JSON.stringify(plainOne) ? 'answers exactly as' : 'DIFFERS FROM'} plain @apollo/gateway`,
  );
  for (const c of report.checks) step(`check: ${c}`);

  const cpu = new CpuMeter(() => ({
    // The bench process hosts whichever gateway is being measured (and the idle regional subgraph).
    gateway: [process.pid],
    nodes: [...nodes.values(), central].map((n) => n.pid),
    loadgen: [driver.pid],
  }));
  const driver: LoadDriver = new LoadDriver(cpu);
  res.add('load generator', async () => driver.close());
  const t = (label: string, url: string, body: string): Target => ({ label, url, body });
  const record = async (id: string, title: string, note: string, a: Target, b: Target) => {
    checkAborted();
    if (!options.only.has(id.slice(0, 1))) return;
    step(`${id} ${title}: ${a.label} vs ${b.label} (${settings.rounds} alternating rounds of ${settings.durationSec} s)`);
    const result = await compare(driver, a, b, settings);
    report.comparisons.push({ id, title, note, result });
    step(
      `   p50 ${result.a.p50.toFixed(2)} vs ${result.b.p50.toFixed(2)} ms (ratio ${result.p50.ratio.toFixed(2)}), req/s ${result.a.rps.toFixed(0)} vs ${result.b.rps.toFixed(0)} (ratio ${result.rps.ratio.toFixed(2)})`,
    );
    step(`   CPU ms/request A: ${cpuText(result.a.cpuMsPerRequest)}; B: ${cpuText(result.b.cpuMsPerRequest)}`);
  };

  // --- 1. fan-out overhead vs the slowest node --------------------------------------------------
  const nodeP50 = [];
  for (const node of mainNodes) nodeP50.push({ node, p50: await sequentialP50(node.url, page) });
  const slowest = nodeP50.sort((a, b) => b.p50 - a.p50)[0].node;
  step(`slowest node for the page query: ${slowest.country} (sequential p50 ${nodeP50.map((x) => `${x.node.country} ${x.p50.toFixed(2)} ms`).join(', ')})`);
  await record(
    '1',
    `Fan-out overhead: events(first: 50, filter: {from}) across ${main.length} countries`,
    'floor = the slowest node; ratio ≥ 1 by construction',
    t(`our gateway over ${main.length} nodes`, gateway.url, page),
    t(`slowest node ${slowest.country} directly`, slowest.url, page),
  );

  // --- 2. wrapper overhead vs plain @apollo/gateway ---------------------------------------------
  await record(
    '2',
    'Wrapper overhead: event(id:) with nested programme/organisers/participants',
    'same node behind both gateways',
    t('our gateway', gateway.url, one),
    t(`plain @apollo/gateway over node ${main[0]}`, plain.url, one),
  );

  // --- 3. versus a central database -------------------------------------------------------------
  await record(
    '3a',
    `Versus a central database: cross-country page of 50`,
    'B holds all rows in one database',
    t(`our gateway over ${main.length} nodes`, gateway.url, page),
    t('plain gateway over one central node', plainCentral.url, page),
  );
  await record(
    '3c',
    `Page fetch: top-k (each node sends a share, top-ups when needed) vs full pages (each node sends 50), ${main.length} countries`,
    'same answers; compare the CPU columns',
    t('top-k (PAGE_FETCH=auto, the default)', gateway.url, page),
    t('full pages (PAGE_FETCH=full)', fullPages.url, page),
  );
  await record(
    '3d',
    `Single-flight: ${options.connections} clients asking the same cross-country page at once, identical node reads in flight sent once (the default) vs each sent`,
    'same answers; compare req/s and the nodes CPU column',
    t('single-flight (the default)', coalescing.url, page),
    t('every read sent (as in scenarios 1-3)', gateway.url, page),
  );
  await record(
    '3b',
    'Versus a central database: eventStats(groupBy: [COUNTRY, YEAR])',
    'B holds all rows in one database',
    t(`our gateway over ${main.length} nodes`, gateway.url, statsBody()),
    t('plain gateway over one central node', plainCentral.url, statsBody()),
  );

  // --- 4. deep pages ----------------------------------------------------------------------------
  // Unfiltered, so that one node alone also has 20 pages at the default 1 000 rows per country.
  const deepGateway = await cursorAfter(gateway.url, 19);
  const deepNode = await cursorAfter(slowest.url, 19);
  let deepPageBody: string | null = null;
  if (deepGateway.after && deepNode.after) {
    deepPageBody = pageBody(50, deepGateway.after, false);
    const firstPage = pageBody(50, null, false);
    await record(
      '4a',
      'Deep pages through our gateway: page 20 vs page 1 of events(first: 50)',
      'cursor cost; compare with 4b',
      t('page 20', gateway.url, deepPageBody),
      t('page 1', gateway.url, firstPage),
    );
    await record(
      '4b',
      `Deep pages on one node directly (${slowest.country}): page 20 vs page 1`,
      "the node's own index cost",
      t('page 20', slowest.url, pageBody(50, deepNode.after, false)),
      t('page 1', slowest.url, firstPage),
    );
  } else {
    report.notes.push(`Scenario 4 skipped: the walk ended after ${Math.min(deepGateway.reached, deepNode.reached)} pages (raise --rows-per-country).`);
  }

  // --- 6. SQL statements per request -----------------------------------------------------------
  if (options.only.has('6')) {
    step('6 SQL statements per request (sequential requests, /metrics deltas)');
    report.sql.push(await sqlPerRequest(`1: page of 50 via our gateway (all ${main.length} nodes)`, gateway.url, page, mainNodes));
    report.sql.push(await sqlPerRequest(`1: page of 50 on node ${slowest.country} directly`, slowest.url, page, [slowest]));
    report.sql.push(await sqlPerRequest(`page of 5 via our gateway (all ${main.length} nodes)`, gateway.url, pageBody(5), mainNodes));
    report.sql.push(await sqlPerRequest(`page of 5 on node ${slowest.country} directly`, slowest.url, pageBody(5), [slowest]));
    if (deepPageBody) report.sql.push(await sqlPerRequest('page 20 of 50 (unfiltered) via our gateway', gateway.url, deepPageBody, mainNodes));
    report.sql.push(await sqlPerRequest('2: event(id:) nested via our gateway', gateway.url, one, mainNodes));
    report.sql.push(await sqlPerRequest('2: event(id:) nested via plain @apollo/gateway', plain.url, one, [mainNodes[0]]));
    report.sql.push(await sqlPerRequest('eventStats via our gateway', gateway.url, statsBody(), mainNodes));
    for (const s of report.sql) step(`   ${s.label}: ${s.perRequest.toFixed(2)} statements/request`);
  }

  // --- 8. legitimate throughput under attack (bench/attack.ts) -----------------------------------
  if (options.only.has('8')) {
    const mn = nodes.get('MN') ?? mainNodes[0];
    step(
      `8 legitimate throughput under attack: ${mn.country}-only page through a gateway with production defaults (${settings.rounds} rounds of attack / none / attack incl. node ${mn.country}, ${settings.durationSec} s each)`,
    );
    report.attack = await legitimateThroughputUnderAttack(driver, regional.url, mainNodes, mn, settings);
    for (const v of report.attack.variants) step(`   ${v.label}: req/s ratio ${v.rps.ratio.toFixed(2)} (${v.rps.min.toFixed(2)}–${v.rps.max.toFixed(2)})`);
  }

  // --- 12. legitimate throughput during a connection flood (bench/scenario-flood.ts) -------------
  if (options.only.has('12')) {
    const mn = nodes.get('MN') ?? mainNodes[0];
    step(
      `12 connection flood: ${mn.country}-only page through a gateway with production defaults, ${settings.rounds} rounds of no flood / flood, ${settings.durationSec} s each`,
    );
    report.flood = await connectionFloodScenario(driver, regional.url, mainNodes, mn, settings, undefined, step);
    step(`   req/s ratio ${report.flood.rps.ratio.toFixed(2)} (${report.flood.rps.min.toFixed(2)}–${report.flood.rps.max.toFixed(2)})`);
  }

  // --- 9. WAN distances (bench/scenario-wan.ts) ---------------------------------------------------
  if (options.only.has('9'))
    report.wan = await wanScenario(
      regional.url,
      mainNodes,
      { rttMs: options.rttMs, jitterMs: options.jitterMs },
      settings,
      { page, stats: statsBody(), one: eventBody },
      step,
    );

  if (options.only.has('10')) {
    step('10 exact response cache: repeated page vs the central database directly; write → visible through the gateway under load');
    const cached = await cacheScenario(driver, regional.url, mainNodes, central, page, settings);
    report.comparisons.push(cached.comparison);
    report.notes.push(...cached.notes);
    for (const n of cached.notes) step(`   ${n}`);
  }
  if (options.only.has('11')) {
    step('11 all cores: cross-country page through the compiled gateway, GATEWAY_WORKERS=2 vs 1');
    report.comparisons.push(...(await workersScenario(driver, regional.url, mainNodes, page, settings)));
  }
  // --- 13. a node answering garbage (bench/scenario-garbage-node.ts) ------------------------------
  if (options.only.has('13')) {
    const bad = nodes.get('MN') ?? mainNodes[0];
    report.comparisons.push(...(await garbageNodeScenario(driver, regional.url, mainNodes, bad, page, settings, step)));
  }
  await closePlainCentral();
  await closePlain();
  await closeCentral();
  await closeGateway();
  await closeFullPages();
  await closeCoalescing();

  // --- 7. throughput with one node hung -----------------------------------------------------------
  if (options.only.has('7')) {
    const hung = mainNodes.find((n) => n !== slowest) ?? mainNodes[0];
    step(`7 one node hung: ${hung.country} frozen with SIGSTOP under a cross-country load (${Math.max(10, settings.durationSec)} s windows)`);
    const fault = await hungNodeScenario(driver, regional.url, mainNodes, hung, pageBody(20), Math.max(10, settings.durationSec), settings.connections);
    report.faults.push(fault);
    step(
      `   healthy ${fault.healthy.rps.toFixed(0)} req/s; first ${Math.max(10, settings.durationSec)} s of the freeze ${fault.fault.rps.toFixed(0)} req/s (p99 ${fault.fault.p99.toFixed(0)} ms); circuit open after ${((fault.handledAfterMs ?? NaN) / 1000).toFixed(2)} s, then ${fault.handled?.rps.toFixed(0)} req/s (p99 ${fault.handled?.p99.toFixed(1)} ms); complete answers ${((fault.recoveredAfterMs ?? NaN) / 1000).toFixed(2)} s after resuming`,
    );
  }

  // --- 5. scale (bench/scenario-scale.ts) ------------------------------------------------------
  await scaleScenario({ options, settings, regionalUrl: regional.url, driver, nodes, ensureNodes, page, res, report, step, checkAborted });
}

async function main(): Promise<void> {
  let options: BenchOptions | null;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (!options) {
    console.log(HELP);
    return;
  }
  if (process.env.NODE_ENV !== 'production') {
    // graphql-js runs extra checks on every type test outside production; npm run bench sets it.
    console.log(`warning: NODE_ENV is ${process.env.NODE_ENV ?? 'unset'}, not production: figures include graphql-js development checks`);
  }
  const res = new Resources();
  let cleanup: Promise<void> | null = null;
  const cleanUp = () =>
    (cleanup ??= (async () => {
      step('cleaning up (servers, nodes, embedded PostgreSQL, temp data)');
      await res.closeAll();
    })());
  const onSignal = (signal: string) => {
    if (aborted) {
      console.error('second interrupt: exiting now (the temp PostgreSQL directory may be left behind)');
      process.exit(130);
    }
    aborted = true;
    step(`${signal}: aborting`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const startedAt = new Date();
  const cpus = os.cpus();
  const report: BenchReport = {
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
  try {
    await run(options, res, report);
  } catch (error) {
    if (!aborted) {
      console.error(error);
      process.exitCode = 1;
    }
  } finally {
    await cleanUp();
  }
  if (aborted) return;
  report.durationSec = elapsed();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  fs.mkdirSync(options.out, { recursive: true });
  const table = markdown(report);
  fs.writeFileSync(path.join(options.out, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(options.out, `${stamp}.md`), `${table}\n`);
  console.log(`\n${table}`);
  step(`wrote ${path.join(options.out, `${stamp}.json`)} and .md`);
  // Keep-alive sockets and the fetch dispatcher can hold the loop open for seconds.
  process.exit(process.exitCode ?? 0);
}

void main();

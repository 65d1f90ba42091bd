/**
 * `npm run bench`: starts the whole federation and its baselines on one machine, loads synthetic
 * data, measures the scenarios of issue 4 with autocannon, and writes bench/results/<timestamp>.{json,md}.
 * See bench/README.md for what is measured and how to read it.
 */
import 'reflect-metadata';
import { loadRegionalConfig } from '../platform/config.js';
import { startRegional } from '../subgraphs/regional/server.js';
import { HELP, parseBenchArgs, type BenchOptions } from './args.js';
import { legitimateThroughputUnderAttack } from './attack.js';
import { connectionFloodScenario } from './scenario-flood.js';
import { CpuMeter } from './cpu.js';
import { checkAnswers, startFederation } from './federation.js';
import { comparisonScenarios } from './scenario-compare.js';
import { LoadDriver, type LoadSettings } from './load.js';
import { startBenchPostgres, type BenchPostgres } from './postgres.js';
import { abortRun, checkAborted, isAborted, step } from './progress.js';
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
import { Resources, sqlPerRequest } from './helpers.js';
import type { BenchReport } from './report.js';
import { newReport, writeReport } from './report-files.js';

async function run(options: BenchOptions, res: Resources, report: BenchReport): Promise<void> {
  const settings: LoadSettings = { durationSec: options.durationSec, warmupSec: options.warmupSec, connections: options.connections, rounds: options.rounds };

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

  const federation = await startFederation(options, pg, regional.url, res);
  const { nodes, ensureNodes, mainNodes, central, gateway, plain } = federation;

  // --- answers are right before they are timed (bench/federation.ts) ----------------------------
  const { page, one } = await checkAnswers(federation, report);
  for (const c of report.checks) step(`check: ${c}`);

  const cpu = new CpuMeter(() => ({
    // The bench process hosts whichever gateway is being measured (and the idle regional subgraph).
    gateway: [process.pid],
    nodes: [...nodes.values(), central].map((n) => n.pid),
    loadgen: [driver.pid],
  }));
  const driver: LoadDriver = new LoadDriver(cpu);
  res.add('load generator', async () => driver.close());

  // --- 1-4. comparisons of our gateway with its floor and its baselines (bench/scenario-compare.ts)
  const { slowest, deepPageBody } = await comparisonScenarios({ options, settings, driver, federation, page, one, report });

  // --- 6. SQL statements per request -----------------------------------------------------------
  if (options.only.has('6')) {
    step('6 SQL statements per request (sequential requests, /metrics deltas)');
    report.sql.push(await sqlPerRequest(`1: page of 50 via our gateway (all ${mainNodes.length} nodes)`, gateway.url, page, mainNodes));
    report.sql.push(await sqlPerRequest(`1: page of 50 on node ${slowest.country} directly`, slowest.url, page, [slowest]));
    report.sql.push(await sqlPerRequest(`page of 5 via our gateway (all ${mainNodes.length} nodes)`, gateway.url, pageBody(5), mainNodes));
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
  await federation.closeGatewaysAndCentral();

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
    if (isAborted()) {
      console.error('second interrupt: exiting now (the temp PostgreSQL directory may be left behind)');
      process.exit(130);
    }
    abortRun();
    step(`${signal}: aborting`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const startedAt = new Date();
  const report = newReport(options, startedAt);
  try {
    await run(options, res, report);
  } catch (error) {
    if (!isAborted()) {
      console.error(error);
      process.exitCode = 1;
    }
  } finally {
    await cleanUp();
  }
  if (isAborted()) return;
  writeReport(report, options.out, startedAt);
  // Keep-alive sockets and the fetch dispatcher can hold the loop open for seconds.
  process.exit(process.exitCode ?? 0);
}

void main();

import type { BenchOptions } from './args.js';
import type { BenchNode } from './cluster.js';
import type { Federation } from './federation.js';
import { cpuText, cursorAfter, sequentialP50 } from './helpers.js';
import { compare, type LoadDriver, type LoadSettings, type Target } from './load.js';
import { checkAborted, step } from './progress.js';
import { pageBody, statsBody } from './queries.js';
import type { BenchReport } from './report.js';

export interface ComparisonContext {
  options: BenchOptions;
  settings: LoadSettings;
  driver: LoadDriver;
  federation: Federation;
  /** The checked bodies (bench/federation.ts): the cross-country page of 50 and one rich event. */
  page: string;
  one: string;
  report: BenchReport;
}

/**
 * Scenarios 1-4, each A against B in alternating rounds (those --only leaves out are skipped).
 * Returns what the later scenarios reuse: the slowest node (the floor of scenario 1) and the
 * body of page 20, when the walk reached it.
 */
export async function comparisonScenarios(ctx: ComparisonContext): Promise<{ slowest: BenchNode; deepPageBody: string | null }> {
  const { options, settings, driver, page, one, report } = ctx;
  const { mainNodes, gateway, fullPages, coalescing, plain, plainCentral } = ctx.federation;
  const main = mainNodes.map((n) => n.country);
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
  return { slowest, deepPageBody };
}

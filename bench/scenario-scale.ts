import { countryCodes, type BenchOptions } from './args.js';
import { startOurGateway, type BenchNode } from './cluster.js';
import { gql, type Resources } from './helpers.js';
import { measure, type LoadDriver, type LoadSettings, type Target } from './load.js';
import { MemoryProbe } from './memory.js';
import { statsBody } from './queries.js';
import type { BenchReport, ScalePoint } from './report.js';

/** The scale points: the full matrix with --scale, else a reduced one that fits the 10-minute budget. */
export function scalePoints(options: BenchOptions): Array<{ countries: number; rows: number }> {
  if (options.noScale || !options.only.has('5')) return [];
  if (options.scale) return [1000, 100_000].flatMap((rows) => [4, 16, 50].map((countries) => ({ countries, rows })));
  return [
    { countries: 4, rows: 1000 },
    { countries: 16, rows: 1000 },
    { countries: 50, rows: 1000 },
    { countries: 4, rows: 100_000 },
  ];
}

export interface ScaleContext {
  options: BenchOptions;
  settings: LoadSettings;
  regionalUrl: string;
  driver: LoadDriver;
  nodes: Map<string, BenchNode>;
  /** Gives each of `codes` exactly `perCountry` events and starts its node if needed. */
  ensureNodes: (codes: string[], perCountry: number) => Promise<void>;
  page: string;
  res: Resources;
  report: BenchReport;
  step: (message: string) => void;
  checkAborted: () => void;
}

/**
 * 5. Scale: our gateway over the first C countries with R events each: the cross-country page
 * (top-k, the default, and full pages side by side) and eventStats, and the gateway's memory.
 */
export async function scaleScenario(ctx: ScaleContext): Promise<void> {
  const { options, settings, driver, nodes, page, res, report, step, checkAborted } = ctx;
  const regional = { url: ctx.regionalUrl };
  const ensureNodes = ctx.ensureNodes;
  const t = (label: string, url: string, body: string): Target => ({ label, url, body });
  const points = scalePoints(options);
  const scaleSettings = { ...settings, rounds: Math.max(1, settings.rounds - 1) };
  for (const perCountry of [...new Set(points.map((p) => p.rows))]) {
    const group = points.filter((p) => p.rows === perCountry);
    const codes = countryCodes(Math.max(...group.map((p) => p.countries)));
    step(`5 scale: loading ${perCountry.toLocaleString('en')} events per country for ${codes.length} countries`);
    await ensureNodes(codes, perCountry);
    for (const point of group) {
      checkAborted();
      const subset = codes.slice(0, point.countries).map((cc) => nodes.get(cc)!);
      const probe = new MemoryProbe();
      probe.baseline();
      const started = performance.now();
      const gw = await startOurGateway(regional.url, subset);
      const gatewayStartMs = performance.now() - started;
      const closeGw = res.add('scale gateway', gw.close);
      const check = await gql(gw.url, page);
      if (check.events.edges.length !== 50) throw new Error(`scale ${point.countries}×${perCountry}: page has ${check.events.edges.length} events`);
      step(
        `5 scale ${point.countries} countries × ${perCountry.toLocaleString('en')}: measuring page and stats (${scaleSettings.rounds} rounds of ${settings.durationSec} s)`,
      );
      probe.start();
      const pageSide = await measure(driver, t('page', gw.url, page), scaleSettings);
      // A window must hold several answers: at 50 × 100 000 one eventStats takes seconds. A point
      // whose single eventStats fails (nodes overloaded past their deadlines) is reported as such,
      // and the matrix goes on: its page figures still stand.
      let statsSide: ScalePoint['stats'];
      try {
        const statsStarted = performance.now();
        await gql(gw.url, statsBody());
        const statsWindow = Math.max(scaleSettings.durationSec, Math.ceil((4 * (performance.now() - statsStarted)) / 1000));
        statsSide = await measure(driver, t('stats', gw.url, statsBody()), { ...scaleSettings, durationSec: statsWindow });
      } catch (error) {
        statsSide = { failed: (error as Error).message.slice(0, 300) };
        step(`   eventStats failed, not measured: ${statsSide.failed}`);
      }
      const memory = probe.stop();
      await closeGw();
      // The same page with every node sending all 50 rows: what top-k saves at this size.
      const full = await startOurGateway(regional.url, subset, {}, { pageFetch: { mode: 'full', missRate: 0.005 } });
      const closeFull = res.add('scale gateway (full pages)', full.close);
      const pageFull = await measure(driver, t('page (full pages)', full.url, page), scaleSettings);
      await closeFull();
      const result: ScalePoint = { countries: point.countries, rowsPerCountry: perCountry, page: pageSide, pageFull, stats: statsSide, memory, gatewayStartMs };
      report.scale.push(result);
      step(
        `   page p50/p95 ${pageSide.p50.toFixed(1)}/${pageSide.p95.toFixed(1)} ms (full pages ${pageFull.p50.toFixed(1)}/${pageFull.p95.toFixed(1)}), gateway CPU ms/page ${pageSide.cpuMsPerRequest.gateway?.toFixed(2)} (full pages ${pageFull.cpuMsPerRequest.gateway?.toFixed(2)}), stats p50/p95 ${'failed' in statsSide ? 'failed' : `${statsSide.p50.toFixed(1)}/${statsSide.p95.toFixed(1)}`} ms, heap ${memory.heapBeforeMB}→${memory.heapAfterMB} MB (peak ${memory.heapPeakMB}), rss peak ${memory.rssPeakMB} MB`,
      );
    }
  }
}

import type { RunningGateway } from '../gateway/server.js';
import type { RunningService } from '../platform/http-server.js';
import { countryCodes, type BenchOptions } from './args.js';
import { startNodeProcess, startOurGateway, startPlainGateway, type BenchNode } from './cluster.js';
import { ensureRows } from './data.js';
import { gql, sortStats, withCountryDb, type Resources } from './helpers.js';
import type { BenchPostgres } from './postgres.js';
import { inPool, step } from './progress.js';
import { eventBody, pageBody, statsBody } from './queries.js';
import type { BenchReport } from './report.js';

/**
 * What the comparisons measure: the country nodes (each its own process), a central node holding
 * every country's rows, our gateway in three set-ups and the plain @apollo/gateway baselines.
 */
export interface Federation {
  /** Every node started so far, by country (scenario 5 adds more through `ensureNodes`). */
  nodes: Map<string, BenchNode>;
  /** Gives each of `codes` exactly `perCountry` events (2 loads at a time) and starts its node (4 at a time) if needed. */
  ensureNodes: (codes: string[], perCountry: number) => Promise<void>;
  /** The --countries nodes, in order. */
  mainNodes: BenchNode[];
  central: BenchNode;
  gateway: RunningGateway;
  /** Our gateway asking every node for `first` full rows (the fetch before top-k): scenario 3c. */
  fullPages: RunningGateway;
  /** Our gateway with identical concurrent reads sent once (the default in a deployment): scenario 3d. */
  coalescing: RunningGateway;
  /** Plain @apollo/gateway over the first node. */
  plain: RunningService;
  /** Plain @apollo/gateway over the central node. */
  plainCentral: RunningService;
  /** Closes the gateways and the central node, which the last scenarios (7, 5) do not use; the nodes stay. */
  closeGatewaysAndCentral: () => Promise<void>;
}

/** Loads `--rows-per-country` events for each `--countries` node and the central one, and starts everything. */
export async function startFederation(options: BenchOptions, pg: BenchPostgres, regionalUrl: string, res: Resources): Promise<Federation> {
  const rows = options.rowsPerCountry;
  const nodes = new Map<string, BenchNode>();
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

  const gateway = await startOurGateway(regionalUrl, mainNodes);
  const closeGateway = res.add('our gateway', gateway.close);
  // The same gateway asking every node for `first` full rows (the fetch before top-k): scenario 3c.
  const fullPages = await startOurGateway(regionalUrl, mainNodes, {}, { pageFetch: { mode: 'full', missRate: 0.005 } });
  const closeFullPages = res.add('our gateway (full pages)', fullPages.close);
  // Scenario 3d: the same gateway with identical concurrent reads sent once (the default in a deployment).
  const coalescing = await startOurGateway(regionalUrl, mainNodes, {}, { singleFlight: true });
  const closeCoalescing = res.add('our gateway (single-flight)', coalescing.close);
  const plain = await startPlainGateway(regionalUrl, mainNodes[0]);
  const closePlain = res.add('plain gateway', plain.close);
  const plainCentral = await startPlainGateway(regionalUrl, central);
  const closePlainCentral = res.add('plain gateway (central)', plainCentral.close);
  step(`our gateway ${gateway.url}; plain @apollo/gateway over ${main[0]} ${plain.url}; over the central node ${plainCentral.url}`);
  const closeGatewaysAndCentral = async () => {
    await closePlainCentral();
    await closePlain();
    await closeCentral();
    await closeGateway();
    await closeFullPages();
    await closeCoalescing();
  };
  return { nodes, ensureNodes, mainNodes, central, gateway, fullPages, coalescing, plain, plainCentral, closeGatewaysAndCentral };
}

/**
 * Checks that the answers agree before anything is timed (each check a line of the report), and
 * returns the bodies the comparisons send: the cross-country page of 50 and one rich event.
 */
export async function checkAnswers(federation: Federation, report: BenchReport): Promise<{ page: string; one: string }> {
  const { gateway, fullPages, coalescing, plain, plainCentral, mainNodes } = federation;
  const page = pageBody(50);
  const ourPage = await gql(gateway.url, page);
  const fullPage = await gql(fullPages.url, page);
  const centralPage = await gql(plainCentral.url, page);
  const ids = (d: any) => d.events.edges.map((e: any) => e.node.id).join(',');
  report.checks.push(
    `cross-country page of 50: our gateway over ${mainNodes.length} nodes ${ids(ourPage) === ids(centralPage) ? 'returns the same ids in the same order as' : 'DIFFERS FROM'} the central database`,
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
  return { page, one };
}

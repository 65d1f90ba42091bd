import { loadGatewayConfig } from '../platform/config.js';
import { startGateway } from '../gateway/server.js';
import type { BenchNode } from './cluster.js';
import type { LoadDriver, Round } from './load.js';

/** One figure set of a fault scenario: healthy, then faulty, as measured by autocannon. */
export interface FaultRecord {
  id: string;
  title: string;
  healthy: Round;
  /** Measured from the moment the fault begins. */
  fault: Round;
  /** Measured once the gateway shows the fault handled (circuit open). */
  handled: Round | null;
  /** Time from the fault to the gateway handling it, ms. */
  handledAfterMs: number | null;
  /** Time from the end of the fault to complete answers again, ms. */
  recoveredAfterMs: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function breakerState(healthUrl: string, country: string): Promise<string | undefined> {
  const body = (await (await fetch(healthUrl)).json()) as { nodes: Array<{ country: string; breaker?: { state: string } }> };
  return body.nodes.find((n) => n.country === country)?.breaker?.state;
}

/**
 * 7. Throughput with one node hung: a cross-country page through a gateway with production
 * timeouts (3 s per node) and circuit breakers, healthy, then while one node is frozen with
 * SIGSTOP: req/s and p99 over the first `durationSec` of the freeze, and again once its
 * circuit is open. The node is resumed at the end and the time to complete answers recorded.
 */
export async function hungNodeScenario(
  driver: LoadDriver,
  regionalUrl: string,
  nodes: BenchNode[],
  hung: BenchNode,
  body: string,
  durationSec: number,
  connections: number,
): Promise<FaultRecord> {
  const gateway = await startGateway(
    loadGatewayConfig(['--port', '0'], {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      JWT_SECRET: 'bench',
      // One load generator on one address is not abuse; production's per-client limit would cap it.
      RATE_LIMIT_REQUESTS: '0',
      REGIONAL_URL: regionalUrl,
      COUNTRY_NODES: nodes.map((n) => `${n.country}=${n.url}`).join(','),
      POLL_INTERVAL_MS: '3600000', // the circuit must open from request outcomes, not a lucky poll
      RESPONSE_CACHE: 'off', // cached answers would hide the hung node
    }),
  );
  const healthUrl = gateway.url.replace(/graphql$/, 'health');
  const target = { label: 'cross-country page', url: gateway.url, body };
  try {
    await driver.run(target, 2, connections);
    const healthy = await driver.measured(target, durationSec, connections);
    process.kill(hung.pid, 'SIGSTOP');
    const frozenAt = performance.now();
    let handledAfterMs: number | null = null;
    const watch = (async () => {
      while (handledAfterMs === null && performance.now() - frozenAt < durationSec * 1000 * 3) {
        if ((await breakerState(healthUrl, hung.country)) !== 'closed') handledAfterMs = performance.now() - frozenAt;
        else await sleep(50);
      }
    })();
    let fault: Round;
    let handled: Round | null = null;
    try {
      fault = await driver.measured(target, durationSec, connections);
      await watch;
      if (handledAfterMs !== null) handled = await driver.measured(target, durationSec, connections);
    } finally {
      process.kill(hung.pid, 'SIGCONT');
    }
    const resumedAt = performance.now();
    let recoveredAfterMs: number | null = null;
    while (recoveredAfterMs === null && performance.now() - resumedAt < 60000) {
      const res = (await (await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as {
        errors?: unknown[];
      };
      if (!res.errors) recoveredAfterMs = performance.now() - resumedAt;
      else await sleep(50);
    }
    return { id: '7', title: `Throughput with one node hung (${hung.country} frozen with SIGSTOP)`, healthy, fault, handled, handledAfterMs, recoveredAfterMs };
  } finally {
    await gateway.close();
  }
}

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { createLogger } from '../platform/observability/logger.js';
import { createObservability, instrumentHandler } from '../platform/observability/service.js';

/**
 * What the per-request observability wrapper costs by itself (request id, request scope, child
 * logger, HTTP histogram, access line): CPU per request of a trivial `node:http` handler, bare
 * and wrapped, alternating, under autocannon in this process (its own CPU is in both figures).
 *
 *   npm run build && node dist/bench/observability-overhead.js [info|silent]
 */
const level = process.argv[2] ?? 'info';
const logger = createLogger('overhead', { logLevel: level, logFormat: 'json' }, fs.createWriteStream('/dev/null'));
const obs = createObservability('overhead', { logLevel: level, logFormat: 'json', healthDetails: false, metricsOperationNames: 50 }, { logger });
const body = JSON.stringify({ data: { ok: true } });
const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
  req.resume();
  res.setHeader('content-type', 'application/json');
  res.end(body);
};

async function cpuPerRequest(wrapped: boolean): Promise<number> {
  const server = http.createServer(wrapped ? instrumentHandler(obs, handler) : handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const before = process.cpuUsage();
  let requests = 0;
  await new Promise<void>((resolve, reject) => {
    const options = { url, method: 'POST', body: '{"query":"{ x }"}', headers: { 'content-type': 'application/json' }, connections: 4, duration: 4 };
    autocannon(options, (error) => (error ? reject(error) : resolve())).on('response', () => {
      requests += 1;
    });
  });
  const cpu = process.cpuUsage(before);
  await new Promise((resolve) => server.close(resolve));
  return (cpu.user + cpu.system) / requests;
}

async function main() {
  const bare: number[] = [];
  const wrapped: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    bare.push(await cpuPerRequest(false));
    wrapped.push(await cpuPerRequest(true));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
  const show = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
  console.log(
    `LOG_LEVEL ${level}: CPU µs per request: bare ${show(bare)}; wrapped ${show(wrapped)}; median difference ${(median(wrapped) - median(bare)).toFixed(1)} µs`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

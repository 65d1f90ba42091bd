/**
 * What a huge node answer costs the gateway's memory: `npm run build && node --expose-gc
 * dist/bench/answer-limit-memory.js [MiB sent] [MiB limit]` (defaults 600 and 32). A local server
 * answers one request with that many MiB of one JSON string, as fast as the socket takes it; the
 * gateway's own HTTP transport (gateway/transport/http.ts) reads it with the given answer limit.
 * Prints the outcome, how many bytes the server got rid of before the gateway hung up, the time,
 * and the growth of the heap and of the resident set while it read (sampled every 10 ms).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpTransport } from '../gateway/transport/http.js';

const MiB = 1024 * 1024;
const sentMiB = Number(process.argv[2] ?? 600);
const limitMiB = Number(process.argv[3] ?? 32);
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const piece = Buffer.from('a'.repeat(64 * 1024));
  let written = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":{"x":"');
    const more = () => {
      while (written < sentMiB * MiB && !res.destroyed) {
        written += piece.length;
        if (!res.write(piece)) return void res.once('drain', more);
      }
      if (!res.destroyed) res.end('"}}');
    };
    more();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const transport = httpTransport(() => url, { maxBytes: limitMiB * MiB, maxDepth: 64 });

  gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 10);
  const started = performance.now();
  const answer = await transport.send('MN', { query: '{ x }', operation: 'query', deadline: Date.now() + 60_000, headers: {} });
  const ms = performance.now() - started;
  clearInterval(sampler);
  const after = process.memoryUsage();
  peakRss = Math.max(peakRss, after.rss);
  peakHeap = Math.max(peakHeap, after.heapUsed);
  console.log(
    `${sentMiB} MiB answer, limit ${limitMiB} MiB: ${answer.failure ? `refused (${answer.failure.code ?? answer.failure.kind}: ${answer.failure.reason})` : 'accepted'} ` +
      `after ${ms.toFixed(0)} ms; the server had written ${(written / MiB).toFixed(1)} MiB; ` +
      `peak heap +${((peakHeap - before.heapUsed) / MiB).toFixed(1)} MiB, peak RSS +${((peakRss - before.rss) / MiB).toFixed(1)} MiB`,
  );
  server.closeAllConnections();
  server.close();
}

void main();

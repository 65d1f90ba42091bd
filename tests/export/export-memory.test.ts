import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startFederation, type TestFederation } from '../support/federation.js';

/*
 * The gateway's memory while a slow client exports 22,000 events (about 17 MB of NDJSON) from
 * four nodes: the nodes' cursors pause with the client, so the heap (gateway and nodes alike:
 * they share this process) must stay flat rather than grow with the rows. Bounds are generous
 * and relative to what was exported, never to time.
 */

jest.setTimeout(300_000);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const EVENTS_PER_COUNTRY = 5_500;
let fed: TestFederation;

beforeAll(async () => {
  fed = await startFederation({ generate: { events: EVENTS_PER_COUNTRY, programmes: 40 } });
});

afterAll(async () => {
  await fed?.stop();
});

function heapNow(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

it('stays flat while a slow client reads a large export', async () => {
  const url = `${fed.gateway.url.replace(/\/graphql$/, '')}/export/events.ndjson`;
  const baseline = heapNow();
  let peak = 0;
  let bytes = 0;
  let lines = 0;
  let tail = '';
  let chunks = 0;
  await new Promise<void>((resolve, reject) => {
    http
      .get(url, (res) => {
        expect(res.statusCode).toBe(200);
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          const text = tail + chunk.toString('utf8');
          const parts = text.split('\n');
          tail = parts.pop()!;
          lines += parts.length;
          // A slow reader: the client takes a chunk, then is busy for a while before the next.
          res.pause();
          chunks++;
          if (chunks % 150 === 0) peak = Math.max(peak, heapNow() - baseline);
          setTimeout(() => res.resume(), 3);
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      })
      .on('error', reject);
  });
  const rows = EVENTS_PER_COUNTRY * 4;
  expect(lines).toBe(rows + 1); // every row and the end line
  expect(tail).toBe('');
  // Holding the export would take at least its size (more as JS strings and objects); a stream holds a few chunks per hop.
  console.log(`export of ${rows} rows, ${(bytes / 1048576).toFixed(1)} MB: peak heap growth ${(peak / 1048576).toFixed(1)} MB over ${chunks} chunks`);
  expect(bytes).toBeGreaterThan(12 * 1024 * 1024);
  expect(peak).toBeLessThan(bytes / 3);
});

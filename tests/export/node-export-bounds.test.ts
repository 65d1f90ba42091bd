import http from 'node:http';
import { generateCountryData, insertCountryData } from '../support/generate.js';
import { startTestNode, type TestNode } from '../support/nodes.js';

/*
 * A country node's own export bounds, on a real node and database: at most EXPORT_MAX_STREAMS
 * exports at once (503 EXPORT_BUSY beyond, nothing streamed), and a reader that takes nothing
 * for EXPORT_STALL_MS is cut, which frees its slot (and its database connection). The limits
 * are set small here; the stall is awaited as the connection's close, never slept for.
 */

jest.setTimeout(180_000);

const STALL_MS = 3_000;
let node: TestNode;
let exportUrl: string;

beforeAll(async () => {
  // Read from the environment when the node builds its routes (tests pass no loaded configuration).
  process.env.EXPORT_MAX_STREAMS = '1';
  process.env.EXPORT_STALL_MS = String(STALL_MS);
  node = await startTestNode('KG', { seed: false });
  // About 17 MB of NDJSON: more than the kernel's socket buffers hold, so a reader that stops stops the node.
  await insertCountryData(node.ds, generateCountryData('KG', { events: 25_000, programmes: 20, seed: 11 }));
  exportUrl = `${node.url.replace(/\/graphql$/, '')}/export/events.ndjson`;
});

afterAll(async () => {
  await node?.stop();
  delete process.env.EXPORT_MAX_STREAMS;
  delete process.env.EXPORT_STALL_MS;
});

/** Opens an export and never reads its body; resolves with the response once its headers came. */
function openUnread(url: string): Promise<{ res: http.IncomingMessage; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.pause();
      res.on('error', () => {});
      res.on('aborted', () => {});
      const closed = new Promise<void>((r) => res.once('close', () => r()));
      resolve({ res, closed });
    });
    req.on('error', reject);
  });
}

async function readAll(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

it('streams one export at a time (503 EXPORT_BUSY beyond), cuts a stalled reader and frees its slot', async () => {
  const held = await openUnread(exportUrl);
  expect(held.res.statusCode).toBe(200);

  const busy = await readAll(exportUrl);
  expect(busy.status).toBe(503);
  expect(JSON.parse(busy.body).errors[0].extensions.code).toBe('EXPORT_BUSY');

  // The held reader takes nothing, so the only way its slot frees is the node cutting it once its
  // writes stalled for EXPORT_STALL_MS: poll for the slot.
  let after = await readAll(exportUrl);
  for (let i = 0; i < 600 && after.status === 503; i++) {
    await new Promise((r) => setTimeout(r, 100));
    after = await readAll(exportUrl);
  }
  expect(after.status).toBe(200);
  const lines = after.body.trimEnd().split('\n');
  expect(JSON.parse(lines[lines.length - 1])).toEqual({ end: { rows: 25_000 } });

  // The cut reader, reading at last, gets what the kernel still held and then the close: no end line.
  let heldBody = '';
  held.res.setEncoding('utf8');
  held.res.on('data', (chunk: string) => (heldBody += chunk));
  held.res.resume();
  await held.closed;
  expect(held.res.complete).toBe(false);
  expect(heldBody.length).toBeLessThan(after.body.length);
  expect(heldBody).not.toContain('{"end"');
});

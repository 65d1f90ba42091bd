/**
 * Child-process entry for scenario 13: three HTTP fronts of one country node, in their own
 * process so their CPU does not land on the gateway's event loop. `pass` forwards everything;
 * `garbage` answers every GraphQL request with garbage; `two-of-three` answers two requests of
 * every three with garbage and forwards the third (never three faults in a row: only the breaker's
 * failure rate sees it). Schema polls (`_service`) and `/health` always pass, as they would
 * for a node whose process is up but whose answers are wrong.
 * Usage (fork): node garbage-node-process.js <node GraphQL URL>; sends `{ urls: { pass, garbage, 'two-of-three' } }`.
 *
 * The garbage rotates through what issue 19 found: errors that are not a list, data null without
 * an error, the real answer with every `MN:` id made `KG:`, 100,000 nested arrays, bytes that are
 * not JSON, and 40 MiB of one JSON string (over the gateway's 32 MiB default answer limit).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const target = new URL(process.argv[2]!);
const HUGE = 40 * 1024 * 1024;
const PIECE = Buffer.from('a'.repeat(64 * 1024));

type Garbage = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void;

function forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, rewrite?: (text: string) => string): void {
  const upstream = http.request(
    {
      hostname: target.hostname,
      port: target.port,
      path: req.method === 'POST' ? target.pathname : req.url,
      method: req.method,
      headers: { ...req.headers, host: target.host },
    },
    (up) => {
      if (!rewrite) {
        res.writeHead(up.statusCode ?? 502, up.headers);
        return void up.pipe(res);
      }
      const parts: Buffer[] = [];
      up.on('data', (c: Buffer) => parts.push(c));
      up.on('end', () => {
        const text = Buffer.from(rewrite(Buffer.concat(parts).toString('utf8')));
        res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json', 'content-length': text.length });
        res.end(text);
      });
    },
  );
  upstream.on('error', () => res.destroy());
  res.on('close', () => upstream.destroy());
  upstream.end(body);
}

const bytes = (text: string | Buffer) => (_req: http.IncomingMessage, _body: Buffer, res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(text);
};

const GARBAGE: Garbage[] = [
  bytes('{"errors":"boom"}'),
  bytes('{"data":null}'),
  (req, body, res) => forward(req, body, res, (text) => text.replaceAll('"MN:', '"KG:')),
  bytes(`{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
  bytes(Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 131) % 256))),
  (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":{"events":"');
    let sent = 0;
    const more = () => {
      while (sent < HUGE && !res.destroyed) {
        sent += PIECE.length;
        if (!res.write(PIECE)) return void res.once('drain', more);
      }
      if (!res.destroyed) res.end('"}}');
    };
    more();
  },
];

function front(mode: 'pass' | 'garbage' | 'two-of-three'): Promise<string> {
  let requests = 0;
  let garbage = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const graphql = req.method === 'POST' && !body.includes('_service');
      const bad = graphql && (mode === 'garbage' || (mode === 'two-of-three' && requests++ % 3 !== 2));
      if (!bad) return forward(req, body, res);
      GARBAGE[garbage++ % GARBAGE.length]!(req, body, res);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`)));
}

process.on('disconnect', () => process.exit(0));
Promise.all([front('pass'), front('garbage'), front('two-of-three')]).then(([pass, garbage, twoOfThree]) =>
  process.send?.({ urls: { pass, garbage, 'two-of-three': twoOfThree } }),
);

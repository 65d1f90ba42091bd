/**
 * The two processes of bench/transport-floor.ts, chosen by the first argument:
 * - `replay <file> [delay ms]`: one HTTP server per recorded node answer (`[{ answer }]` in the
 *   JSON file), each answering every POST with its bytes, after `delay` ms when given (a node's
 *   own time, so that the floor gateway waits, sleeps and wakes as ours does); reports `{ urls }`
 *   to the parent. It does no GraphQL: its CPU is not what is measured.
 * - `gateway <file>`: the least any Node gateway does for one cross-country page: reads the
 *   client's body and parses it, POSTs each recorded sub-request (`[{ url, request }]`, the
 *   request serialised per call) over kept-alive sockets as our transport does, reads and parses
 *   every answer, then serialises and sends the recorded page answer (`response`). No GraphQL, no
 *   checks, no merge: Node's HTTP and JSON work only. Reports `{ url }`.
 * Both exit when the parent disconnects.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const [role, file, delay = '0'] = process.argv.slice(2);
const delayMs = Number(delay);
const input = JSON.parse(fs.readFileSync(file, 'utf8')) as FloorInput;

export interface FloorInput {
  nodes: Array<{ url?: string; request: unknown; answer: string }>;
  response: unknown;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)));
}

function readBody(stream: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

async function replay(): Promise<void> {
  const urls: string[] = [];
  for (const node of input.nodes) {
    const answer = Buffer.from(node.answer);
    const server = http.createServer((req, res) => {
      req.resume();
      const send = () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length }).end(answer);
      req.on('end', () => (delayMs > 0 ? setTimeout(send, delayMs) : send()));
    });
    urls.push(await listen(server));
  }
  process.send?.({ urls });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => readBody(res).then((text) => resolve(JSON.parse(text)), reject),
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function gateway(): Promise<void> {
  const server = http.createServer((req, res) => {
    readBody(req)
      .then(async (text) => {
        JSON.parse(text);
        await Promise.all(input.nodes.map((n) => post(n.url!, JSON.stringify(n.request))));
        const body = JSON.stringify(input.response);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      })
      .catch((error: Error) => res.writeHead(502).end(error.message));
  });
  process.send?.({ url: await listen(server) });
}

void (role === 'replay' ? replay() : gateway());
process.once('disconnect', () => process.exit(0));

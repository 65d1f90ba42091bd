import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CountingProxy, ProxyMode } from './proxy.js';

/**
 * What the node in front of a real one answers to a GraphQL request:
 * - `pass`: the real node's answer; `hang`: nothing, ever;
 * - `bytes`: exactly these bytes (any status, any content type);
 * - `rewrite`: the real node's answer with its text rewritten (e.g. every `MN:` made `KG:`);
 * - `stream`: `head`, then `chunk` again and again until `total` bytes were sent (Infinity: until
 *   the reader hangs up), with backpressure, so a reader that stops reading stops the stream.
 */
export type Misbehaviour =
  | { kind: 'pass' }
  | { kind: 'hang' }
  | { kind: 'bytes'; body: string | Buffer; status?: number; contentType?: string }
  | { kind: 'rewrite'; rewrite: (answer: string) => string }
  | { kind: 'stream'; head: string; chunk: string; total: number };

/** What it serves at `/data-version/stream`: the real node's stream, or bytes that never end an event. */
export type StreamMisbehaviour = 'pass' | 'no-separators';

/** What a misbehaving body or stream cost its sender: bytes written, and whether the reader hung up first. */
export interface Sent {
  bytes: number;
  hungUp: boolean;
}

export interface MisbehavingNode extends CountingProxy {
  behaviour: Misbehaviour;
  /** Setting it drops the streams open now, so the reader reconnects to the new behaviour. */
  stream: StreamMisbehaviour;
  /** Headers of every GraphQL request received, newest last. */
  headers: http.IncomingHttpHeaders[];
  /** The last misbehaving GraphQL body sent (`stream` and `bytes`). */
  lastBody: Sent | null;
  /** Every separator-less version stream served. */
  streams: Sent[];
}

const JSON_TYPE = 'application/graphql-response+json; charset=utf-8';

/**
 * A country node that answers whatever a test tells it to, in front of a real node (which it
 * passes to by default): any bytes, any JSON shape, another country's ids, huge or endless
 * bodies, a version stream that never separates its events. The schema poll (`_service`) and
 * `/health` always reach the real node, so the gateway keeps the node in the federation and its
 * breaker's probe finds it healthy: only the answers misbehave, as with a buggy or hostile office.
 * It stands where the suite's counting proxy stands (`startFederation({ front })`).
 */
export async function startMisbehavingNode(targetUrl: string): Promise<MisbehavingNode> {
  const target = new URL(targetUrl);
  const open = new Set<http.ServerResponse>();
  const openStreams = new Set<http.ServerResponse>();
  let stream: StreamMisbehaviour = 'pass';
  const node: MisbehavingNode = {
    url: '',
    requests: 0,
    bodies: [],
    headers: [],
    behaviour: { kind: 'pass' },
    lastBody: null,
    streams: [],
    get mode(): ProxyMode {
      return node.behaviour.kind === 'hang' ? 'hang' : 'pass';
    },
    set mode(mode: ProxyMode) {
      node.behaviour = { kind: mode };
    },
    get stream(): StreamMisbehaviour {
      return stream;
    },
    set stream(value: StreamMisbehaviour) {
      stream = value;
      for (const res of openStreams) res.destroy();
    },
    reset() {
      node.requests = 0;
      node.bodies = [];
      node.headers = [];
    },
    close: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    onAnswer: (status: number, headers: http.IncomingHttpHeaders, answer: http.IncomingMessage) => void,
  ) => {
    const upstream = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: req.method === 'POST' ? target.pathname : req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (up) => onAnswer(up.statusCode ?? 502, up.headers, up),
    );
    // The real node down looks like an unreachable host; a reader gone ends the upstream request (and stream) too.
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    upstream.end(body);
  };

  const sendStream = (res: http.ServerResponse, head: string, chunk: string, total: number, record: Sent) => {
    res.write(head);
    record.bytes += Buffer.byteLength(head);
    // Repeated into one 64 KiB piece per write: a stream of tiny writes would cost the test process
    // (which runs the gateway too) more than the misbehaviour it stands for.
    const piece = Buffer.from(chunk.repeat(Math.max(1, Math.floor(65536 / Buffer.byteLength(chunk)))));
    const more = () => {
      while (record.bytes < total && !res.destroyed) {
        record.bytes += piece.length;
        if (!res.write(piece)) return void res.once('drain', more);
      }
      if (!res.destroyed) res.end();
    };
    res.on('close', () => {
      if (!res.writableFinished) record.hungUp = true;
    });
    more();
  };

  const server = http.createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      if (req.method === 'GET' && req.url?.startsWith('/data-version/stream') && stream === 'no-separators') {
        openStreams.add(res);
        res.on('close', () => openStreams.delete(res));
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const record: Sent = { bytes: 0, hungUp: false };
        node.streams.push(record);
        return sendStream(res, ': hello\n', `data: ${'x'.repeat(1000)}\n`, Infinity, record);
      }
      const isGraphQL = req.method === 'POST' && !text.includes('_service');
      if (isGraphQL) {
        node.requests += 1;
        node.bodies.push(text);
        node.headers.push(req.headers);
      }
      const behaviour = isGraphQL ? node.behaviour : { kind: 'pass' as const };
      switch (behaviour.kind) {
        case 'hang':
          return;
        case 'bytes': {
          res.writeHead(behaviour.status ?? 200, { 'content-type': behaviour.contentType ?? JSON_TYPE });
          node.lastBody = { bytes: Buffer.byteLength(behaviour.body), hungUp: false };
          return void res.end(behaviour.body);
        }
        case 'stream': {
          res.writeHead(200, { 'content-type': JSON_TYPE });
          node.lastBody = { bytes: 0, hungUp: false };
          return sendStream(res, behaviour.head, behaviour.chunk, behaviour.total, node.lastBody);
        }
        case 'rewrite':
          return forward(req, res, body, (status, headers, up) => {
            const parts: Buffer[] = [];
            up.on('data', (c: Buffer) => parts.push(c));
            up.on('end', () => {
              const answer = Buffer.from(behaviour.rewrite(Buffer.concat(parts).toString('utf8')));
              res.writeHead(status, { 'content-type': headers['content-type'] ?? JSON_TYPE, 'content-length': answer.length });
              res.end(answer);
            });
          });
        default:
          if (req.url?.startsWith('/data-version/stream')) {
            openStreams.add(res);
            res.on('close', () => openStreams.delete(res));
          }
          return forward(req, res, body, (status, headers, up) => {
            res.writeHead(status, headers);
            up.pipe(res);
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  node.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return node;
}

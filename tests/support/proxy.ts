import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'hang';

/**
 * A real HTTP hop in front of a node: counts the GraphQL requests that reach the node and can
 * be told to hang (accept, never answer) to simulate a stuck country node.
 */
export interface CountingProxy {
  url: string;
  /** POST /graphql requests seen (health/SDL polls included; reset before measuring). */
  requests: number;
  /** Bodies of the requests, newest last. */
  bodies: string[];
  mode: ProxyMode;
  reset(): void;
  close(): Promise<void>;
}

export async function startProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  const hanging = new Set<http.ServerResponse>();
  const proxy: CountingProxy = {
    url: '',
    requests: 0,
    bodies: [],
    mode: 'pass',
    reset() {
      proxy.requests = 0;
      proxy.bodies = [];
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      // GraphQL requests are counted; health checks (GET /health) pass through uncounted.
      const isGraphQL = req.method === 'POST';
      if (isGraphQL) {
        proxy.requests += 1;
        proxy.bodies.push(body.toString('utf8'));
      }
      if (proxy.mode === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      const upstream = http.request(
        {
          hostname: target.hostname,
          port: target.port,
          path: isGraphQL ? target.pathname : req.url,
          method: req.method,
          headers: { ...req.headers, host: target.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => {
        // The node is down: drop the connection the way an unreachable host would look to a client.
        res.destroy();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return proxy;
}

import net from 'node:net';

export interface LatencyOptions {
  /** Round-trip time to add, ms: each direction is delayed by half of it. */
  rttMs: number;
  /** Extra delay per direction, uniform in [0, jitterMs], ms (order is kept: a chunk never overtakes an earlier one). */
  jitterMs: number;
}

export interface LatencyProxy {
  url: string;
  /** TCP connections accepted (each paid a handshake round trip) and request bursts forwarded upstream. */
  counters(): { connections: number; exchanges: number };
  close(): Promise<void>;
}

/**
 * A TCP proxy that makes a local node look far away: bytes are forwarded unchanged, each
 * direction `rttMs / 2` (plus jitter) later, and a new connection carries nothing until one full
 * round trip after it was accepted (what a real TCP handshake costs the client). Persistent
 * connections stay persistent: one upstream socket per client socket, for as long as the client
 * keeps it. Hand-written rather than a library: a few lines of node:net, and the tools that
 * exist for this (tc/netem, toxiproxy) need root or a separate server binary.
 */
export async function startLatencyProxy(target: string, options: LatencyOptions): Promise<LatencyProxy> {
  const upstream = new URL(target);
  let connections = 0;
  let exchanges = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const open = performance.now() + options.rttMs;
    const server = net.connect(Number(upstream.port), upstream.hostname);
    for (const s of [client, server]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    // A new burst from the client after the server last spoke is one request (no pipelining).
    let serverSpoke = true;
    client.on('data', () => {
      if (serverSpoke) exchanges++;
      serverSpoke = false;
    });
    server.on('data', () => {
      serverSpoke = true;
    });
    delayed(client, server, options, open);
    delayed(server, client, options, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `${upstream.protocol}//127.0.0.1:${port}${upstream.pathname}`,
    counters: () => ({ connections, exchanges }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Pipes `from` into `to`, each chunk (and the end) delivered half a round trip later, never
 * before `notBefore`. One FIFO queue and one timer per direction: timers of different lengths may
 * fire out of order under load, and a reordered chunk would corrupt the stream.
 */
function delayed(from: net.Socket, to: net.Socket, options: LatencyOptions, notBefore: number): void {
  const queue: Array<{ due: number; chunk: Buffer | null }> = [];
  let timer: NodeJS.Timeout | null = null;
  let last = 0;
  const flush = () => {
    timer = null;
    while (queue.length && queue[0]!.due <= performance.now()) {
      const { chunk } = queue.shift()!;
      if (to.destroyed) continue;
      if (chunk) to.write(chunk);
      else to.end();
    }
    if (queue.length) timer = setTimeout(flush, Math.max(0, queue[0]!.due - performance.now()));
  };
  const push = (chunk: Buffer | null) => {
    const due = Math.max(performance.now(), notBefore) + options.rttMs / 2 + Math.random() * options.jitterMs;
    last = Math.max(last, due);
    queue.push({ due: last, chunk });
    timer ??= setTimeout(flush, Math.max(0, queue[0]!.due - performance.now()));
  };
  from.on('data', (chunk: Buffer) => push(chunk));
  from.on('end', () => push(null));
  from.on('close', () => {
    if (timer && to.destroyed) clearTimeout(timer);
  });
}

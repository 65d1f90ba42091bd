import net from 'node:net';

/**
 * A connection flood as an attacker keeps one up: `idle` sockets that connect and send nothing,
 * and `slowHeaders` sockets that send a request line and then one header line every `dripMs`,
 * never finishing. Whenever the server closes one, it is opened again after `reconnectMs`, so the
 * pressure stays on for as long as the flood runs. Sockets come from the `from` addresses in
 * turn (the whole 127/8 is loopback; ~28,000 ephemeral ports per source address).
 */
export interface FloodOptions {
  host: string;
  port: number;
  idle: number;
  slowHeaders: number;
  from: string[];
  dripMs?: number;
  reconnectMs?: number;
  /** Connection attempts in flight at once while ramping up. */
  concurrency?: number;
}

export interface FloodStats {
  open: number;
  /** Successful connects, first ones and reconnects. */
  connects: number;
  /** Open sockets the server closed (evicted, timed out, refused). */
  closedByServer: number;
  /** Answers the server wrote before closing (408, 429, 503 …), by status line. */
  answers: Record<string, number>;
  errors: number;
}

export interface Flood {
  stats(): FloodStats;
  /** Resolves once `count` sockets have connected at least once (or `ms` passed). */
  rampedUp(count: number, ms: number): Promise<void>;
  stop(): FloodStats;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startFlood(options: FloodOptions): Flood {
  const stats: FloodStats = { open: 0, connects: 0, closedByServer: 0, answers: {}, errors: 0 };
  const sockets = new Set<net.Socket>();
  const slow = new Set<net.Socket>();
  let running = true;
  let inFlight = 0;
  const concurrency = options.concurrency ?? 256;
  const reconnectMs = options.reconnectMs ?? 100;

  const drip = setInterval(() => {
    for (const s of slow) s.write(`x-slow-${stats.connects % 1000}: y\r\n`);
  }, options.dripMs ?? 1000);

  const one = (i: number, kind: 'idle' | 'slow'): Promise<void> =>
    new Promise((resolve) => {
      const socket = net.connect({ host: options.host, port: options.port, localAddress: options.from[i % options.from.length] });
      // Tracked from the start: a connect still under way when the flood stops is closed too.
      sockets.add(socket);
      let connected = false;
      let first = '';
      socket.setNoDelay(true);
      socket.on('connect', () => {
        if (!running) return void socket.destroy();
        connected = true;
        inFlight--;
        stats.connects++;
        stats.open++;
        if (kind === 'slow') {
          socket.write('GET /graphql HTTP/1.1\r\nhost: flood\r\n');
          slow.add(socket);
        }
      });
      socket.on('data', (chunk: Buffer) => {
        if (first.length < 64) first += chunk.toString('latin1');
      });
      socket.on('error', () => {
        if (!connected) stats.errors++;
      });
      socket.on('close', () => {
        if (!connected) inFlight--;
        else {
          stats.open--;
          if (running) stats.closedByServer++;
          const status = /^HTTP\/1\.1 (\d{3})/.exec(first)?.[1];
          if (status && running) stats.answers[status] = (stats.answers[status] ?? 0) + 1;
        }
        sockets.delete(socket);
        slow.delete(socket);
        resolve();
      });
    });

  const slot = async (i: number, kind: 'idle' | 'slow') => {
    while (running) {
      while (inFlight >= concurrency && running) await sleep(5);
      if (!running) return;
      inFlight++;
      await one(i, kind);
      if (running) await sleep(reconnectMs * (0.5 + Math.random()));
    }
  };
  for (let i = 0; i < options.idle; i++) void slot(i, 'idle');
  for (let i = 0; i < options.slowHeaders; i++) void slot(options.idle + i, 'slow');

  return {
    stats: () => ({ ...stats, answers: { ...stats.answers } }),
    rampedUp: async (count, ms) => {
      const end = Date.now() + ms;
      while (stats.connects < count && Date.now() < end) await sleep(20);
    },
    stop: () => {
      running = false;
      clearInterval(drip);
      for (const s of sockets) s.destroy();
      return { ...stats, answers: { ...stats.answers } };
    },
  };
}

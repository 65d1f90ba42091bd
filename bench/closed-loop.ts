import http from 'node:http';

export interface LoopResult {
  /** Every request's latency, ms, in completion order. */
  samples: number[];
  seconds: number;
}

/**
 * `connections` clients, each sending the next request as soon as the last answer arrived, over
 * kept-alive sockets opened (and warmed) before timing starts. Used where autocannon's figures
 * mislead: it opens fresh sockets per run, so at WAN distances its p99 is the TCP handshake of
 * its own first requests rather than anything the server did.
 */
export class ClosedLoop {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly connections: number) {}

  async run(url: string, body: string, seconds: number, headers: Record<string, string> = {}): Promise<LoopResult> {
    const samples: number[] = [];
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: this.connections }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          await this.post(url, body, headers);
          samples.push(performance.now() - t);
        }
      }),
    );
    return { samples, seconds: (performance.now() - started) / 1000 };
  }

  /** Opens the sockets (one request per connection, in parallel) so no timed request pays a handshake. */
  async warm(url: string, body: string, headers: Record<string, string> = {}): Promise<void> {
    await Promise.all(Array.from({ length: this.connections }, () => this.post(url, body, headers)));
    await Promise.all(Array.from({ length: this.connections }, () => this.post(url, body, headers)));
  }

  close(): void {
    this.agent.destroy();
  }

  private post(url: string, body: string, headers: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
        (res) => {
          const status = res.statusCode ?? 0;
          res.resume();
          res.on('end', () => (status === 200 ? resolve() : reject(new Error(`${url} answered HTTP ${status}`))));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

import http from 'node:http';
import https from 'node:https';

/** A node's `/health` beside its `/graphql` (the convention every service of the federation follows). */
export function healthUrlOf(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + '/health';
  url.search = '';
  return url.toString();
}

/**
 * GETs a health endpoint: null when it answers 2xx within `timeoutMs`, else why not (a node
 * whose database is down answers 503 and says so in its body).
 */
export function checkHealth(url: string, timeoutMs: number): Promise<string | null> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = transport.get(target, { timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => resolve('connection lost'));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve(null);
        let detail = '';
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          detail = typeof body.database === 'string' ? `, database ${body.database}` : '';
        } catch {
          // not JSON: the status says enough
        }
        resolve(`health answered HTTP ${status}${detail}`);
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no health answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ? `unreachable (${error.code})` : error.message));
  });
}

import http from 'node:http';
import https from 'node:https';
import type { GraphQLFormattedError } from 'graphql';

export interface NodeResponse {
  data?: Record<string, any> | null;
  errors?: GraphQLFormattedError[];
}

/** Why a node gave no usable answer. */
export class NodeUnavailableError extends Error {}

export interface PostOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
}

// Kept-alive sockets per node: a fan-out reuses them instead of connecting per request. The
// profile of the fan-out benchmark showed undici's fetch (streams, encoders) as the gateway's
// largest own cost; plain node:http does the same work for a fraction of it.
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }) };

/**
 * POSTs one GraphQL request to a node. A node that cannot be reached, times out, or answers
 * something other than a GraphQL response is "unavailable"; GraphQL errors it returns (bad
 * input, forbidden, …) are its answer and pass through.
 */
export async function postToNode(url: string, query: string, variables: Record<string, unknown> | undefined, options: PostOptions): Promise<NodeResponse> {
  const body = JSON.stringify({ query, variables });
  try {
    return await postOnce(new URL(url), body, options);
  } catch (error) {
    // A kept-alive socket the node closed while idle fails before the request was read; one
    // retry on a fresh socket is what Node's documentation prescribes for this race.
    if (error instanceof StaleSocketError) return postOnce(new URL(url), body, options);
    throw error;
  }
}

class StaleSocketError extends NodeUnavailableError {}

function postOnce(target: URL, body: string, options: PostOptions): Promise<NodeResponse> {
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    let answered = false;
    const fail = (reason: string, stale = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(stale ? new StaleSocketError(reason) : new NodeUnavailableError(reason));
    };
    const req = transport.request(
      target,
      {
        method: 'POST',
        agent: agents[target.protocol as 'http:' | 'https:'],
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          'content-length': Buffer.byteLength(body),
          ...options.headers,
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => fail('connection lost while answering'));
        res.on('end', () => {
          if (settled) return;
          const status = res.statusCode ?? 0;
          let parsed: NodeResponse;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as NodeResponse;
          } catch {
            return fail(`answered HTTP ${status} without a GraphQL body`);
          }
          if (!parsed || typeof parsed !== 'object' || (!('data' in parsed) && !('errors' in parsed))) {
            return fail(`answered HTTP ${status} without a GraphQL body`);
          }
          if (status >= 500 && !parsed.data) return fail(`answered HTTP ${status}`);
          settled = true;
          clearTimeout(timer);
          resolve(parsed);
        });
      },
    );
    const timer = setTimeout(() => fail(`no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      fail(`unreachable (${error.code ?? error.message})`, req.reusedSocket && !answered && error.code === 'ECONNRESET'));
    req.end(body);
  });
}

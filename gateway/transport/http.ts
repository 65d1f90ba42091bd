import http from 'node:http';
import https from 'node:https';
import { DEADLINE_HEADER } from '../../contract/deadline.js';
import { LAST_KNOWN_HEADER } from '../../contract/last-known.js';
import { JsonMeter, type AnswerLimits } from './json-meter.js';
import { failed, untrusted, type NodeAnswer, type NodeFailure, type NodeRequest, type NodeResponse, type Transport } from './transport.js';

// Kept-alive sockets per node: a fan-out reuses them instead of connecting per request. The
// profile of the fan-out benchmark showed undici's fetch (streams, encoders) as the gateway's
// largest own cost; plain node:http does the same work for a fraction of it.
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }) };

/**
 * POSTs GraphQL requests to nodes over HTTP. A node that cannot be reached, misses the deadline,
 * or answers something other than a GraphQL response is a failure; GraphQL errors it returns
 * (bad input, forbidden, …) are its answer. The body is measured while it arrives and the
 * connection cut at the first byte over `limits`, so a node's answer costs the gateway at most
 * `maxBytes` of memory however much it sends. `onPolicy` hears the node's last-known-data policy
 * (its `x-last-known` header, undefined when absent) from every answer the node itself gave.
 */
export function httpTransport(
  urlOf: (country: string) => string | undefined,
  limits: AnswerLimits,
  onPolicy: (country: string, policy: string | undefined) => void = () => {},
): Transport {
  return {
    async send(country, request) {
      const url = urlOf(country);
      if (!url) return failed(country, 'not configured', false, 'refused');
      const body = JSON.stringify({ query: request.query, variables: request.variables });
      const target = new URL(url);
      const first = await postOnce(country, target, body, request, limits, onPolicy);
      // A kept-alive socket the node closed while idle fails before the request was read; one
      // retry on a fresh socket is what Node's documentation prescribes for this race.
      return first === STALE_SOCKET
        ? postOnce(country, target, body, request, limits, onPolicy).then((a) =>
            a === STALE_SOCKET ? failed(country, 'connection reset', false, 'unreachable') : a,
          )
        : first;
    },
  };
}

const STALE_SOCKET = Symbol('stale socket');

function postOnce(
  country: string,
  target: URL,
  body: string,
  request: NodeRequest,
  limits: AnswerLimits,
  onPolicy: (country: string, policy: string | undefined) => void,
): Promise<NodeAnswer | typeof STALE_SOCKET> {
  const timeoutMs = Math.floor(request.deadline - Date.now());
  if (timeoutMs <= 0) return Promise.resolve(failed(country, 'no time left before the request deadline', false, 'no-time'));
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    let answered = false;
    let written = false;
    const finish = (answer: NodeAnswer | typeof STALE_SOCKET) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const fail = (reason: string, kind: NodeFailure['kind']) => {
      req.destroy();
      finish(failed(country, reason, written, kind));
    };
    const refuse = (reason: string) => {
      req.destroy();
      finish(untrusted(country, reason));
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
          ...request.headers,
          // Time left, never an instant: the node's clock need not agree with ours.
          [DEADLINE_HEADER]: String(timeoutMs),
        },
      },
      (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        // A 5xx is a node (or a proxy before it) that cannot serve; anything else claims to be an answer.
        const broken = (reason: string) => (status >= 500 ? fail(`answered HTTP ${status}`, 'bad-answer') : refuse(reason));
        const declared = Number(res.headers['content-length']);
        if (declared > limits.maxBytes) return broken(`its answer is ${declared} bytes, over the limit of ${limits.maxBytes}`);
        const meter = new JsonMeter(limits);
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          const over = meter.push(chunk);
          if (over) return broken(over);
          chunks.push(chunk);
        });
        res.on('error', () => fail('connection lost while answering', 'unreachable'));
        res.on('end', () => {
          if (settled) return;
          let parsed: NodeResponse;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as NodeResponse;
          } catch {
            return broken(`answered HTTP ${status} with a body that is not JSON`);
          }
          if (status >= 500 && (!parsed || typeof parsed !== 'object' || !parsed.data)) return fail(`answered HTTP ${status}`, 'bad-answer');
          // A 5xx may come from a proxy before the node: only the node's own answers declare its policy.
          if (status < 500) {
            const policy = res.headers[LAST_KNOWN_HEADER];
            onPolicy(country, Array.isArray(policy) ? policy.join(',') : policy);
          }
          // Whether it is a GraphQL response, and a trustworthy one, is the validation plugin's to say.
          finish({ country, response: parsed });
        });
      },
    );
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`, 'timeout'), timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (req.reusedSocket && !answered && error.code === 'ECONNRESET') {
        req.destroy();
        finish(STALE_SOCKET);
      } else fail(`unreachable (${error.code ?? error.message})`, 'unreachable');
    });
    // A connection refused never reached the node; once the body is flushed it may have.
    req.on('finish', () => {
      written = true;
    });
    req.end(body);
  });
}

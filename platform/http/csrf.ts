import type http from 'node:http';

/** The media type of a request body, lower-cased, without parameters (`application/json`). */
export function mediaTypeOf(req: http.IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Body types a GraphQL POST may carry. A plain HTML form cannot send either of them. */
const GRAPHQL_POST_TYPES = new Set(['application/json', 'application/graphql-response+json']);

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/**
 * Cross-site request forgery rules of every service, replacing Apollo Server's csrfPrevention
 * (which also blocked plain GETs, so urql's default and cacheable reads failed):
 *
 * - GET runs queries only; Apollo Server answers a mutation over GET with 405 and `Allow: POST`,
 *   as the GraphQL-over-HTTP spec says, so a link or an <img> can never write.
 * - POST must be JSON. A cross-site page can only send a "simple" request without a preflight
 *   (form encodings or text/plain); those are refused here with 415 before anything runs, and
 *   a JSON POST from another origin needs a preflight that CORS only grants to listed origins.
 *
 * Tokens travel in the Authorization header, never in cookies, so a forged request carries no
 * credentials anyway; these rules keep that true whatever a deployment puts in front.
 */
export function refuseForgeableRequest(req: http.IncomingMessage): Refusal | undefined {
  if (req.method !== 'POST') return undefined;
  const type = mediaTypeOf(req);
  if (GRAPHQL_POST_TYPES.has(type)) return undefined;
  return {
    status: 415,
    message: `A GraphQL POST must have Content-Type: application/json${type ? `, not ${type}` : ''}`,
    headers: { 'accept-post': 'application/json' },
  };
}

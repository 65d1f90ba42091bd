import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** What an answer that must not be kept anywhere says. */
export const UNCACHEABLE = 'private, no-store';

/**
 * The request headers a GraphQL GET's answer depends on: Accept (the IDE's HTML or JSON, and
 * which JSON media type), Accept-Encoding (compression), Authorization (never serve one
 * caller's answer to another). CORS adds Origin itself when it echoes one.
 */
export const GRAPHQL_VARY = ['Accept', 'Accept-Encoding', 'Authorization'];

/**
 * Cache-Control of a GraphQL answer to GET, decided once execution is over:
 *
 * - `public, max-age=N` for a complete answer to an anonymous query;
 * - `private, no-store` when the request carried an Authorization header (the answer is that
 *   caller's) or the answer has any error: a COUNTRY_UNAVAILABLE partial answer must never be
 *   kept by a browser or CDN once the country is back, nor a refused or failed request.
 *
 * POST answers get nothing (HTTP caches do not keep them). An Apollo plugin because only the
 * request pipeline knows the errors without parsing the body again.
 */
export function cacheControlPlugin<TContext extends BaseContext>(maxAgeSeconds: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      if (request.http?.method !== 'GET') return;
      const authorized = Boolean(request.http.headers.get('authorization'));
      return {
        async willSendResponse({ response }) {
          const body = response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          const complete = body.kind === 'single' && !errors?.length;
          response.http.headers.set('cache-control', authorized || !complete ? UNCACHEABLE : `public, max-age=${maxAgeSeconds}`);
        },
      };
    },
  };
}

/** Whether a Cache-Control value lets shared caches keep the answer (so it gets an ETag). */
export function isPublic(cacheControl: string | undefined): boolean {
  return /^\s*public\b/i.test(cacheControl ?? '') && !/no-store/i.test(cacheControl ?? '');
}

/** Strong ETag of a body: same bytes, same tag; any other bytes, another tag. */
export function strongEtag(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/**
 * The tag of one content-coding of a body. A strong validator names exact bytes, so the
 * gzip and brotli forms get their own tags (`"abc-br"`), as Apache does.
 */
export function etagForEncoding(etag: string, encoding: string): string {
  return encoding === 'identity' ? etag : `${etag.slice(0, -1)}-${encoding}"`;
}

/** The tag without W/ and without an encoding suffix, for If-None-Match's weak comparison. */
function baseTag(tag: string): string {
  return tag
    .trim()
    .replace(/^W\//, '')
    .replace(/-(br|gzip)"$/, '"');
}

/** If-None-Match (RFC 9110 §13.1.2: weak comparison, `*`, a list) against the body's tag. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const wanted = baseTag(etag);
  return ifNoneMatch.split(',').some((tag) => baseTag(tag) === wanted);
}

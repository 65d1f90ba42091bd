import type { GraphQLFormattedError } from 'graphql';
import { countryFailure } from '../plan/errors.js';
import type { DataVersion } from '../cache/versions.js';
import { hasAuthorization, type NodeAnswer, type NodeFailure, type NodeRequest, type TransportPlugin } from '../transport/transport.js';
import type { LastKnownBook, LastKnownEntry } from './book.js';
import { recordPart } from './scope.js';
import type { LastKnownPolicies } from './policies.js';

/** What the plugin needs of the data versions (the response cache's VersionBook). */
export interface VersionsOfNodes {
  newest(country: string): DataVersion | null;
  current(country: string): DataVersion | null;
}

export interface LastKnownDeps {
  book: LastKnownBook;
  versions: VersionsOfNodes;
  policies: LastKnownPolicies;
  /** A part was answered from last known data (metrics, log). */
  served(country: string, ageMs: number, entry: LastKnownEntry): void;
}

/**
 * The node gave no answer for a reason of its own or of the way to it; not a refusal of an
 * answer it did send (COUNTRY_BAD_RESPONSE stays what it is: the node is up and wrong).
 */
const UNAVAILABLE = new Set<NodeFailure['kind']>(['unreachable', 'timeout', 'outage', 'refused', 'no-time']);

/**
 * Last known data (issue 28): keeps each successful sub-answer of a read, with the data version it
 * was taken at, and answers a node's part from it while the node is unavailable, when
 *   - the office allows it (it last declared `max-stale` and the entry is within it),
 *   - the client accepts it (no `Cache-Control: max-stale=0`/`no-cache`, within its `max-stale`),
 *   - the request is an anonymous read (a mutation or an Authorization-bearing read never: a
 *     writer reads its writes and an editor sees what is),
 *   - and the entry was taken at the newest data version the gateway knows of the node, so
 *     nothing older than a version already seen (a write through any gateway) is ever served.
 * The part carries the COUNTRY_UNAVAILABLE error as before (with `servedStale`, `asOf`,
 * `dataVersion`) so clients ignoring extensions still see it; every part is recorded for
 * `extensions.countries`. Outermost: the registry and the breaker still see the failure.
 */
export function lastKnownData(deps: LastKnownDeps | null, versions: VersionsOfNodes | null = deps?.versions ?? null): TransportPlugin {
  return (next) => ({
    async send(country, request) {
      const eligible = deps !== null && request.operation === 'query' && !hasAuthorization(request.headers);
      const taken = versions?.current(country) ?? null;
      const answer = await next.send(country, request);
      if (!answer.failure) {
        // asOf stays null: a fresh part is current as of the answer, and identical answers keep identical bytes (ETag, 304).
        recordPart(country, { status: 'FRESH', dataVersion: taken?.version ?? null, asOf: null });
        if (eligible) keep(deps, country, request, taken, answer);
        return answer;
      }
      const stale = eligible && UNAVAILABLE.has(answer.failure.kind) ? await standIn(deps, country, request, answer.failure) : null;
      if (stale) return stale;
      recordPart(country, { status: 'MISSING', dataVersion: null, asOf: null });
      return answer;
    },
  });
}

function keep(deps: LastKnownDeps, country: string, request: NodeRequest, taken: DataVersion | null, answer: NodeAnswer): void {
  const response = answer.response;
  const policy = deps.policies.current(country);
  if (!taken || !response?.data || response.errors?.length || !policy.store || policy.maxStaleMs === 0) return;
  // An answer that raced a write was taken at a version already superseded: not kept.
  const now = deps.versions.current(country);
  if (!now || now.version !== taken.version || now.writes !== taken.writes) return;
  deps.book.keep(country, request, taken, response, policy.maxStaleMs);
}

async function standIn(deps: LastKnownDeps, country: string, request: NodeRequest, failure: NodeFailure): Promise<NodeAnswer | null> {
  const declared = deps.policies.declaredBy(country);
  if (declared?.store === false || declared?.maxStaleMs === 0 || request.maxStaleMs === 0) return null;
  const newest = deps.versions.newest(country);
  if (!newest) return null;
  const entry = await deps.book.find(country, newest.tag, request);
  if (!entry || entry.version !== newest.version || entry.writes !== newest.writes) return null;
  // A gateway restarted since (entries in Redis) has not heard the office yet: the declaration the entry was kept under stands.
  const policy = declared ?? { store: true, maxStaleMs: entry.maxStaleMs };
  const age = deps.book.age(entry);
  if (age > policy.maxStaleMs || (request.maxStaleMs !== undefined && age > request.maxStaleMs)) return null;
  const asOf = new Date(entry.takenAt).toISOString();
  const data = entry.response.data ?? {};
  const note = { ...failure, reason: `${failure.reason}; answered from its last known data (version ${entry.version}, as of ${asOf})` };
  const extra = { servedStale: true, asOf, dataVersion: entry.version };
  // One error at each root field the part fills, as for a missing part: a merge that mixes fresh
  // and stale data says so where it stands.
  const errors: GraphQLFormattedError[] = Object.keys(data).map((key) => countryFailure(country, note, [key], extra));
  recordPart(country, { status: 'STALE', dataVersion: entry.version, asOf });
  deps.served(country, age, entry);
  return { country, response: { data, errors: errors.length ? errors : [countryFailure(country, note, undefined, extra)] } };
}

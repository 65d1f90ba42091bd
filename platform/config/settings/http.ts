import { listSizes } from '../../guard/config.js';
import { parseTrustProxy } from '../../http/client-address.js';
import { custom, duration, integer, size } from '../kinds.js';
import { setting, type Setting } from '../setting.js';

const ALL = ['gateway', 'node', 'regional'] as const;
const CONNECTIONS = 'see [Connections](operations.md#connections-bodies-and-streams)';

/** How every service's HTTP server bounds connections, bodies and its own shutdown. */
export const HTTP = {
  TRUST_PROXY: setting({
    env: 'TRUST_PROXY',
    key: 'http.trustProxy',
    services: ALL,
    kind: custom('true, false, a hop count up to 100, or addresses/networks such as 10.0.0.0/8', (raw) => parseTrustProxy(raw)),
    default: '`false`',
    doc: 'which proxies may name the client in `X-Forwarded-For`; see [Proxies](operations.md#proxies-trust_proxy)',
  }),
  MAX_CONNECTIONS: setting({
    env: 'MAX_CONNECTIONS',
    key: 'http.maxConnections',
    services: ALL,
    kind: integer({ min: 0 }),
    default: "the process's descriptors less the reserve (at most 50,000)",
    doc: `connections held at once (0: the default); ${CONNECTIONS}`,
  }),
  MAX_CONNECTIONS_PER_CLIENT: setting({
    env: 'MAX_CONNECTIONS_PER_CLIENT',
    key: 'http.maxConnectionsPerClient',
    services: ALL,
    kind: integer({ min: 1 }),
    default: 'gateway `256`, node and regional `1024`',
    doc: `connections of one client address; ${CONNECTIONS}`,
  }),
  FD_RESERVE: setting({
    env: 'FD_RESERVE',
    key: 'http.fdReserve',
    services: ALL,
    kind: integer({ min: 0 }),
    default: 'an eighth of the descriptor limit, 128 to 1,024',
    doc: `file descriptors kept for files, databases and outgoing requests; ${CONNECTIONS}`,
  }),
  HEADERS_TIMEOUT_MS: setting({
    env: 'HEADERS_TIMEOUT_MS',
    key: 'http.headersTimeout',
    services: ALL,
    kind: duration('ms', { min: 1 }),
    default: '`10s`',
    doc: `longest to receive a request's headers; ${CONNECTIONS}`,
  }),
  REQUEST_RECEIVE_TIMEOUT_MS: setting({
    env: 'REQUEST_RECEIVE_TIMEOUT_MS',
    key: 'http.requestReceiveTimeout',
    services: ALL,
    kind: duration('ms', { min: 1 }),
    default: '`30s`',
    doc: `longest to receive a whole request; ${CONNECTIONS}`,
  }),
  KEEP_ALIVE_TIMEOUT_MS: setting({
    env: 'KEEP_ALIVE_TIMEOUT_MS',
    key: 'http.keepAliveTimeout',
    services: ALL,
    kind: duration('ms', { min: 1 }),
    default: 'gateway `5s`, node and regional `60s`',
    doc: `how long an idle keep-alive connection is kept; ${CONNECTIONS}`,
  }),
  SOCKET_IDLE_TIMEOUT_MS: setting({
    env: 'SOCKET_IDLE_TIMEOUT_MS',
    key: 'http.socketIdleTimeout',
    services: ALL,
    kind: duration('ms', { min: 1 }),
    default: '`120s`',
    doc: `a socket silent this long is closed; ${CONNECTIONS}`,
  }),
  MAX_REQUESTS_PER_SOCKET: setting({
    env: 'MAX_REQUESTS_PER_SOCKET',
    key: 'http.maxRequestsPerSocket',
    services: ALL,
    kind: integer({ min: 0 }),
    default: '`0` (no limit)',
    doc: `requests served on one connection before it is closed; ${CONNECTIONS}`,
  }),
  MAX_JSON_DEPTH: setting({
    env: 'MAX_JSON_DEPTH',
    key: 'http.maxJsonDepth',
    services: ALL,
    kind: integer({ min: 1 }),
    default: '`32`',
    doc: `nesting of a request's JSON body; ${CONNECTIONS}`,
  }),
  MAX_VARIABLES_DEPTH: setting({
    env: 'MAX_VARIABLES_DEPTH',
    key: 'http.maxVariablesDepth',
    services: ALL,
    kind: integer({ min: 1 }),
    default: '`32`',
    doc: `nesting of a request's variables; ${CONNECTIONS}`,
  }),
  MAX_VARIABLES_BYTES: setting({
    env: 'MAX_VARIABLES_BYTES',
    key: 'http.maxVariablesSize',
    services: ALL,
    kind: size('B'),
    default: '`1MB`',
    doc: `size of a request's variables; ${CONNECTIONS}`,
  }),
  DRAIN_MS: setting({
    env: 'DRAIN_MS',
    key: 'http.drainTimeout',
    services: ALL,
    kind: duration('ms'),
    default: '`5s`',
    doc: 'how long a stopping service keeps answering the requests in progress (see [Stopping and restarting](operations.md#stopping-and-restarting))',
  }),
};

const COST = 'see [Limits](operations.md#limits)';
const limit = (env: string, key: string, doc: string): Setting<number> =>
  setting({ env, key: `limits.${key}`, services: ALL, kind: integer({ min: 1 }), default: `see [Limits](operations.md#limits)`, doc: `${doc}; ${COST}` });

/** The static cost limits every service checks before running an operation. */
export const LIMITS = {
  MAX_DOCUMENT_LENGTH: limit('MAX_DOCUMENT_LENGTH', 'maxDocumentLength', 'characters of an operation'),
  MAX_TOKENS: limit('MAX_TOKENS', 'maxTokens', 'lexical tokens of an operation'),
  MAX_DEPTH: limit('MAX_DEPTH', 'maxDepth', 'nesting of selections'),
  MAX_ALIASES: limit('MAX_ALIASES', 'maxAliases', 'aliases in an operation'),
  MAX_DIRECTIVES: limit('MAX_DIRECTIVES', 'maxDirectives', 'directives in an operation'),
  MAX_SELECTIONS: limit('MAX_SELECTIONS', 'maxSelections', 'field selections in an operation'),
  MAX_REPEATED_FIELD: limit('MAX_REPEATED_FIELD', 'maxRepeatedField', 'times one field may be selected at one place'),
  MAX_RESULT_SIZE: limit('MAX_RESULT_SIZE', 'maxResultSize', 'estimated values of an answer'),
  MAX_MUTATION_FIELDS: limit('MAX_MUTATION_FIELDS', 'maxMutationFields', 'root fields of a mutation'),
  MAX_PLAN_FETCHES: limit('MAX_PLAN_FETCHES', 'maxPlanFetches', 'subgraph fetches of a plan'),
  ASSUMED_LIST_SIZE: limit('ASSUMED_LIST_SIZE', 'assumedListSize', 'elements assumed for a list without a size argument'),
  LIST_SIZES: setting({
    env: 'LIST_SIZES',
    key: 'limits.listSizes',
    services: ALL,
    kind: custom('Type.field=N entries separated by commas (a map in a file)', (raw) => listSizes(raw, {}), 'map'),
    default: COST,
    doc: `declared sizes of list fields; ${COST}`,
  }),
};

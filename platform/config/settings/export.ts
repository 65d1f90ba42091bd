import { duration, integer } from '../kinds.js';
import { setting } from '../setting.js';

const GW = ['gateway'] as const;
const NODE = ['node'] as const;

/** The bulk export (docs/clients.md, "Bulk export") and the changes subscription (issue 22). */
export const EXPORT_SETTINGS = {
  EXPORT_MAX_STREAMS: setting({
    env: 'EXPORT_MAX_STREAMS',
    key: 'export.maxStreams',
    services: NODE,
    kind: integer({ min: 1, max: 1000 }),
    default: '`4`',
    doc: 'exports a node streams at once, each on a database connection of its own outside the read pool (`503 EXPORT_BUSY` beyond)',
  }),
  EXPORT_STALL_MS: setting({
    env: 'EXPORT_STALL_MS',
    key: 'export.stall',
    services: NODE,
    kind: duration('ms', { min: 1 }),
    default: '`60s`',
    doc: "how long a node's export reader (the gateway) may take nothing before it is cut and its connection freed",
  }),
  EXPORT_BATCH_ROWS: setting({
    env: 'EXPORT_BATCH_ROWS',
    key: 'export.batchRows',
    services: NODE,
    kind: integer({ min: 1, max: 100_000 }),
    default: '`1000`',
    doc: 'rows a node fetches from its PostgreSQL cursor at a time',
  }),
  EXPORT_ROWS_PER_WINDOW: setting({
    env: 'EXPORT_ROWS_PER_WINDOW',
    key: 'export.rowsPerWindow',
    services: GW,
    kind: integer({ min: 1 }),
    default: '`2000000`',
    doc: 'rows one client may export per window (same client key as the rate limit), charged as written; an export that runs out ends with `RATE_LIMITED` and the cursor to resume',
  }),
  EXPORT_WINDOW_SECONDS: setting({
    env: 'EXPORT_WINDOW_SECONDS',
    key: 'export.window',
    services: GW,
    kind: duration('s', { min: 1 }),
    default: '`1h`',
    doc: 'the window of `EXPORT_ROWS_PER_WINDOW`',
  }),
  EXPORT_MAX_PER_CLIENT: setting({
    env: 'EXPORT_MAX_PER_CLIENT',
    key: 'export.maxPerClient',
    services: GW,
    kind: integer({ min: 1, max: 1000 }),
    default: '`2`',
    doc: 'exports one client may run at once',
  }),
  EXPORT_NODE_CONNECT_MS: setting({
    env: 'EXPORT_NODE_CONNECT_MS',
    key: 'export.nodeConnect',
    services: GW,
    kind: duration('ms', { min: 1 }),
    default: '`5s`',
    doc: 'how long a node has to start its export',
  }),
  EXPORT_NODE_IDLE_MS: setting({
    env: 'EXPORT_NODE_IDLE_MS',
    key: 'export.nodeIdle',
    services: GW,
    kind: duration('ms', { min: 1 }),
    default: '`30s`',
    doc: 'how long a node may send nothing while the gateway waits for its rows (then the export ends naming that country)',
  }),
  EXPORT_CLIENT_STALL_MS: setting({
    env: 'EXPORT_CLIENT_STALL_MS',
    key: 'export.clientStall',
    services: GW,
    kind: duration('ms', { min: 1 }),
    default: '`60s`',
    doc: 'how long an export client may read nothing before it is disconnected (it resumes with `after`)',
  }),
  SUBSCRIPTIONS_PER_CLIENT: setting({
    env: 'SUBSCRIPTIONS_PER_CLIENT',
    key: 'subscriptions.perClient',
    services: GW,
    kind: integer({ min: 1, max: 1000 }),
    default: '`4`',
    doc: 'changes subscriptions (`/graphql/stream`) one client may hold open (`429` beyond)',
  }),
  SUBSCRIPTION_QUEUE_MAX: setting({
    env: 'SUBSCRIPTION_QUEUE_MAX',
    key: 'subscriptions.queueMax',
    services: GW,
    kind: integer({ min: 1, max: 10_000 }),
    default: '`16`',
    doc: 'events a subscriber may fall behind before its subscription ends with `SUBSCRIPTION_BEHIND`',
  }),
  SUBSCRIPTION_POLL_MS: setting({
    env: 'SUBSCRIPTION_POLL_MS',
    key: 'subscriptions.poll',
    services: GW,
    kind: duration('ms', { min: 1 }),
    default: '`30s`',
    doc: 'longest wait between reads of the change feed for a subscription when no node announces a change',
  }),
};

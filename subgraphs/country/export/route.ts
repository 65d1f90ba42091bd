import type http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { DataSource } from 'typeorm';
import { read, type Env } from '../../../platform/config/setting.js';
import { S } from '../../../platform/config/settings/index.js';
import { ErrorCode } from '../../../contract/errors.js';
import { readExportParams, type ExportRequest } from '../../../contract/export/params.js';
import { endLine, errorLine, nodeExportPath } from '../../../contract/export/protocol.js';
import { excludesCountry } from '../data/filters.js';
import { exportLine, exportQuery, type ExportRaw } from './list-query.js';
import type { NodeExportList } from './lists.js';
import { drained } from '../../../platform/http/writable.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export interface NodeExportLimits {
  /** Exports this node streams at once; each holds one database connection (EXPORT_MAX_STREAMS). */
  maxStreams: number;
  /** A reader that takes nothing for this long is cut, and its connection freed (EXPORT_STALL_MS). */
  stallMs: number;
  /** Rows fetched from the PostgreSQL cursor at a time (EXPORT_BATCH_ROWS). */
  batchRows: number;
}

export function nodeExportLimitsFromEnv(env: Env): NodeExportLimits {
  return {
    maxStreams: read(env, S.EXPORT_MAX_STREAMS, 4),
    stallMs: read(env, S.EXPORT_STALL_MS, 60_000),
    batchRows: read(env, S.EXPORT_BATCH_ROWS, 1000),
  };
}

/** Lines are gathered into writes of about this size: one write per row would cost a syscall each. */
const CHUNK_BYTES = 64 * 1024;

function refuse(res: http.ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export interface NodeExportDeps {
  country: string;
  /** Builds the SQL (typeorm's query builder needs a data source, not a connection). */
  reads: DataSource;
  databaseUrl: string;
  /** As for the pools (DB_CONNECT_TIMEOUT_MS): an unreachable database is a prompt 503, not a hang. */
  connectTimeoutMs: number;
  schema: GraphQLSchema;
  limits: NodeExportLimits;
  log: (message: string) => void;
}

/**
 * `GET /export/<path>.ndjson?filter=…&orderBy=…&after=…` on a country node: this node's rows of
 * the list, in the list's order, from a PostgreSQL cursor in one REPEATABLE READ snapshot, as
 * NDJSON (contract/export/protocol.ts). Batches are fetched only as the reader takes them, so a
 * slow gateway (or a slow client behind it) holds the cursor, not memory. The connection is the
 * export's own, outside the read pool: an export lasts as long as its reader, far longer than a
 * request's deadline, and must never starve GraphQL reads. At most `maxStreams` at once (503
 * EXPORT_BUSY beyond); a reader silent for `stallMs` is cut. Reads of published data are open,
 * as the GraphQL list is; the rows carry only the fields every reader may see.
 */
export function nodeExportRoutes(lists: readonly NodeExportList[], deps: NodeExportDeps): Record<string, Handler> {
  // One bound for all of them: each export holds one database connection, whatever it lists.
  const streams = { open: 0 };
  return Object.fromEntries(lists.map((list) => [nodeExportPath(list.path), nodeExportRoute(list, deps, streams)]));
}

function nodeExportRoute(list: NodeExportList, deps: NodeExportDeps, streams: { open: number }): Handler {
  return async (req, res) => {
    if (req.method !== 'GET') return refuse(res, 405, ErrorCode.BAD_REQUEST, 'Use GET');
    let request: ExportRequest;
    let sql: [string, unknown[]];
    try {
      request = readExportParams(list, new URL(req.url ?? '/', 'http://node').searchParams, deps.schema);
      sql = exportQuery(deps.reads, list, request.filter, request.order, request.afterPosition);
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code;
      if (!code) throw error;
      return refuse(res, 400, code, (error as Error).message);
    }
    if (excludesCountry(request.filter as { countries?: string[] }, deps.country)) {
      res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
      res.end(endLine(0));
      return;
    }
    if (streams.open >= deps.limits.maxStreams)
      return refuse(res, 503, 'EXPORT_BUSY', `This node streams at most ${deps.limits.maxStreams} exports at once; retry shortly`);
    streams.open++;
    const client = new pg.Client({ connectionString: deps.databaseUrl, connectionTimeoutMillis: deps.connectTimeoutMs });
    try {
      await client.connect();
      // Bounds a transaction whose reader stalled even if this process hangs before it cuts it.
      await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL idle_in_transaction_session_timeout = ${deps.limits.stallMs * 2}`);
    } catch (error) {
      streams.open--;
      await client.end().catch(() => {});
      deps.log(`export: database unavailable: ${(error as Error).message}`);
      return refuse(res, 503, ErrorCode.DATABASE_UNAVAILABLE, 'The database of this node is unavailable');
    }
    // A batch at a time (one promise per batch, not per row); the next is fetched only once the
    // reader took the last, so a slow reader holds the cursor, not memory.
    const cursor = client.query(new Cursor<ExportRaw>(sql[0], sql[1]));
    let rows = 0;
    try {
      // The first batch before the status: a query that fails at once is an error answer, not a stream cut short.
      let batch: ExportRaw[];
      try {
        batch = await cursor.read(deps.limits.batchRows);
      } catch (error) {
        deps.log(`export: query failed: ${(error as Error).message}`);
        return refuse(res, 503, ErrorCode.DATABASE_UNAVAILABLE, 'The database of this node could not read the rows');
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
      res.setTimeout(deps.limits.stallMs, () => res.destroy());
      let chunk = '';
      try {
        while (batch.length) {
          for (const row of batch) {
            chunk += exportLine(request.order, row);
            if (chunk.length >= CHUNK_BYTES) {
              const more = res.write(chunk);
              chunk = '';
              if (!more && !(await drained(res))) return;
            }
          }
          rows += batch.length;
          batch = await cursor.read(deps.limits.batchRows);
        }
        if (!res.destroyed) res.end(chunk + endLine(rows));
      } catch (error) {
        deps.log(`export: stopped after ${rows} rows: ${(error as Error).message}`);
        // The rows written are right; the error line says the stream is not complete.
        if (!res.destroyed) res.end(chunk + errorLine({ code: ErrorCode.DATABASE_UNAVAILABLE, message: 'The node could not read the rest of its rows' }));
      }
    } finally {
      streams.open--;
      await cursor.close().catch(() => {});
      await client.query('ROLLBACK').catch(() => {});
      await client.end().catch(() => {});
    }
  };
}

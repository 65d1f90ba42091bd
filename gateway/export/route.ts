import type http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { Verifier } from '../../platform/auth.js';
import { ErrorCode } from '../../contract/errors.js';
import { readExportParams, type ExportRequest } from '../../contract/export/params.js';
import { nodeExportPath, parseExportPath } from '../../contract/export/protocol.js';
import type { TrustFunction } from '../../platform/http/client-address.js';
import { compareKeyed, type KeyDirection } from '../../contract/ordering.js';
import type { ExportRule } from '../sharding/spec.js';
import { clientKey } from '../rate-limit.js';
import type { NodeRegistry } from '../registry.js';
import type { CircuitBreakers } from '../transport/breaker.js';
import { ExportBudget, OverBudget } from './budget.js';
import type { ExportLimits } from './config.js';
import { csv, ndjson, type ExportFormat } from './format.js';
import { mergeSorted } from './merge.js';
import { NodeExportError, openNodeStream, type ExportItem, type LineRules, type NodeStream } from './node-stream.js';
import { rowCheck } from './row-check.js';
import type { ScalarCheck } from '../validate/scalar-check.js';
import { drained } from '../../platform/http/writable.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export interface ExportDeps {
  registry: NodeRegistry;
  breakers: CircuitBreakers;
  verifier: Verifier | null;
  trust: TrustFunction;
  limits: ExportLimits;
  /** The checks of the nodes' custom scalars (those without one accept any JSON leaf). */
  scalars?: ReadonlyMap<string, ScalarCheck>;
  log: (message: string) => void;
}

/** Rows are written to the client in chunks of about this size (and charged to its budget per chunk). */
const CHUNK_BYTES = 64 * 1024;

function refuse(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] });
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** Opens every asked node's stream; all or nothing (a partial export would be a silently short file). */
async function openAll(deps: ExportDeps, rule: ExportRule, request: ExportRequest, rules: LineRules, req: http.IncomingMessage): Promise<NodeStream[]> {
  const named = rule.countriesInFilter.reduce<unknown>((v, key) => (v as Record<string, unknown> | null)?.[key] ?? null, request.filter);
  const asked = deps.registry.countries.filter((c) => !Array.isArray(named) || named.includes(c));
  const query = new URLSearchParams();
  if (rule.page.orderArgument) query.set('orderBy', request.order);
  if (request.filterJson) query.set('filter', request.filterJson);
  if (request.after) query.set('after', request.after);
  const headers: Record<string, string> = {};
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  const opened = await Promise.allSettled(
    asked.map((country) => {
      const unusable = deps.registry.unusableReason(country);
      if (unusable) return Promise.reject(new NodeExportError(country, 'COUNTRY_UNAVAILABLE', unusable));
      const breaker = deps.breakers.status(country);
      if (breaker.state === 'open') return Promise.reject(new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `circuit open (${breaker.reason ?? 'failing'})`));
      const url = new URL(`${nodeExportPath(rule.path)}?${query}`, deps.registry.nodes.get(country)!.url);
      return openNodeStream({ country, url, headers, rules, idleMs: deps.limits.nodeIdleMs, connectMs: deps.limits.nodeConnectMs });
    }),
  );
  const failures = opened.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  if (failures.length) {
    for (const o of opened) if (o.status === 'fulfilled') o.value.close();
    throw failures.find((f) => f instanceof NodeExportError && f.code === ErrorCode.BAD_USER_INPUT) ?? failures[0];
  }
  return opened.map((o) => (o as PromiseFulfilledResult<NodeStream>).value);
}

/**
 * `GET /export/<path>.ndjson|csv?filter=<the list's filter JSON>&orderBy=…&after=<cursor>[&lang=…]`
 * for every list the sharded subgraph declares exported (`@shardExport`, gateway/sharding/
 * rules/export.ts): every row the GraphQL list field would page through with those arguments, in
 * its declared order, streamed (docs/clients.md, "Bulk export"). Each node streams its rows from a
 * PostgreSQL cursor (subgraphs/country/export/); the gateway checks every line against the
 * declared row, merges the streams k-way holding one row per node, and writes as fast as the
 * client reads: a slow client pauses the nodes' cursors through TCP, nothing piles up here. Every
 * row carries its connection cursor; the last line says whether the export is complete or where
 * and why it stopped (a node failed, the client's row budget ran out), with the cursor to resume
 * `after`. The routes answer every path under `/export/`: an undeclared one is a 404 naming those
 * that are.
 */
export function createExportRoutes(deps: ExportDeps): { routes: Record<string, Handler>; setSchema(schema: GraphQLSchema): void } {
  let schema: GraphQLSchema | null = null;
  const budget = new ExportBudget(deps.limits);
  const checks = new WeakMap<ExportRule, LineRules['row']>();
  const route: Handler = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const asked = parseExportPath(url.pathname);
    if (!schema) return refuse(res, 503, 'SCHEMA_NOT_READY', 'The gateway has not composed its schema yet; retry shortly', {}, { 'retry-after': '5' });
    // The exports are the sharded subgraph's declarations, read with the schema the gateway serves.
    const declared = deps.registry.spec?.exports ?? new Map<string, ExportRule>();
    const rule = asked ? declared.get(asked.path) : undefined;
    if (!asked || !rule) {
      const known = [...declared.keys()].map((p) => `/export/${p}.ndjson|csv`).join(', ');
      return refuse(res, 404, ErrorCode.NOT_FOUND, `No export at ${url.pathname.slice(0, 200)}; the exports are ${known || 'none'}`);
    }
    if (req.method !== 'GET') return refuse(res, 405, ErrorCode.BAD_REQUEST, 'Use GET', {}, { allow: 'GET' });
    const params = url.searchParams;
    let request: ExportRequest;
    try {
      request = readExportParams(
        { path: rule.path, field: rule.field, filterArgument: rule.filterArgument, orderArgument: rule.page.orderArgument },
        params,
        schema,
      );
    } catch (error) {
      const ext = (error as { extensions?: { code?: string; field?: string } }).extensions;
      if (!ext?.code) throw error;
      return refuse(res, 400, ext.code, (error as Error).message, ext.field ? { field: ext.field } : {});
    }
    const lang = params.get('lang') ?? 'en';
    if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(lang))
      return refuse(res, 400, ErrorCode.BAD_USER_INPUT, 'lang must be a language tag such as en or ky', { field: 'lang' });
    const client = await clientKey(req, deps.verifier, deps.trust);
    let finish: () => void;
    try {
      finish = await budget.start(client);
    } catch (error) {
      if (!(error instanceof OverBudget)) throw error;
      return refuse(
        res,
        429,
        ErrorCode.RATE_LIMITED,
        error.message,
        { retryAfterSeconds: error.retryAfterSeconds },
        { 'retry-after': String(error.retryAfterSeconds) },
      );
    }
    let row = checks.get(rule);
    if (!row) checks.set(rule, (row = rowCheck(rule, deps.scalars ?? new Map())));
    const rules: LineRules = { order: request.order, direction: rule.page.directions.get(request.order) ?? null, row };
    let streams: NodeStream[] = [];
    try {
      try {
        streams = await openAll(deps, rule, request, rules, req);
      } catch (error) {
        if (!(error instanceof NodeExportError)) throw error;
        if (error.code === ErrorCode.BAD_USER_INPUT) return refuse(res, 400, error.code, error.message);
        return refuse(
          res,
          503,
          error.code,
          `${error.country}: ${error.message}; nothing was exported (leave it out with filter.countries, or retry)`,
          { country: error.country },
          { 'retry-after': '5' },
        );
      }
      await stream(res, asked.format === 'csv' ? csv(rule.fields, lang) : ndjson, streams, rules.direction, budget, client, deps, request.after);
    } finally {
      for (const s of streams) s.close();
      finish();
    }
  };
  return { routes: { '/export/*': route }, setSchema: (s) => (schema = s) };
}

async function stream(
  res: http.ServerResponse,
  format: ExportFormat,
  streams: NodeStream[],
  direction: KeyDirection,
  budget: ExportBudget,
  client: string,
  deps: ExportDeps,
  after: string | null,
): Promise<void> {
  res.writeHead(200, {
    'content-type': format.contentType,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-export-countries': streams.map((s) => s.country).join(','),
  });
  // A client that reads nothing for this long is let go (its nodes' cursors with it); it resumes with `after`.
  res.setTimeout(deps.limits.clientStallMs, () => res.destroy());
  const merged = mergeSorted<ExportItem>(
    streams.map((s) => s.items),
    // The list's declared order, as its GraphQL pages are merged (primitives/ordered-page-merge.ts).
    (a, b) => compareKeyed(direction, a.position, b.position),
  );
  let chunk = format.header();
  let pending = 0;
  let pendingCursor: string | null = null;
  let written = 0;
  let writtenCursor: string | null = after;
  /** Charges the chunk's rows, then writes it; false when the client went away. */
  const flush = async (): Promise<boolean> => {
    if (pending) await budget.charge(client, pending);
    const more = res.write(chunk);
    written += pending;
    writtenCursor = pendingCursor ?? writtenCursor;
    chunk = '';
    pending = 0;
    return more || (await drained(res));
  };
  try {
    for await (const batch of merged) {
      for (const item of batch) chunk += format.row(item.cursor, item.node);
      pending += batch.length;
      pendingCursor = batch[batch.length - 1]?.cursor ?? pendingCursor;
      if (chunk.length >= CHUNK_BYTES && !(await flush())) return;
    }
    if (pending) await budget.charge(client, pending);
    written += pending;
    res.end(chunk + format.end(written));
  } catch (error) {
    if (res.destroyed) return;
    if (error instanceof OverBudget) {
      res.end(format.error({ code: ErrorCode.RATE_LIMITED, message: error.message, after: writtenCursor, retryAfterSeconds: error.retryAfterSeconds }));
      return;
    }
    if (!(error instanceof NodeExportError)) {
      deps.log(`export failed: ${(error as Error).stack ?? String(error)}`);
      res.end(format.error({ code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'The export stopped on an internal error', after: writtenCursor }));
      return;
    }
    deps.log(`export: ${error.country} ${error.code}: ${error.message}`);
    // The rows gathered before the failure are a correct prefix of the order: send them first.
    if (chunk) res.write(chunk);
    if (pending) {
      writtenCursor = pendingCursor;
      written += pending;
    }
    res.end(
      format.error({
        code: error.code,
        country: error.country,
        message: `The export is incomplete after ${written} rows: ${error.country} ${error.message}. Resume with after= this cursor once it is back.`,
        after: writtenCursor,
      }),
    );
  }
}

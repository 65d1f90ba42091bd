/**
 * The bulk export's wire format, between a node and the gateway and between the gateway and a
 * client alike: NDJSON, one JSON object per line.
 *
 *   {"cursor":"…","node":{…}}                 a row, with the same opaque cursor the GraphQL
 *                                             connection gives it (`after=` resumes after it)
 *   {"end":{"rows":N}}                        the last line of a complete export
 *   {"error":{"code":"…","message":"…",…}}    the last line of an export that stopped early
 *
 * A stream without one of the last two lines was cut: it is never complete.
 */

/**
 * What a list is exported as, under `/export/`: declared by the sharded subgraph on the list
 * field (`@shardExport(path: …)`, contract/sharding.ts), never named by the gateway.
 */
export const EXPORT_PATH = /^[a-z][a-z0-9-]{0,63}$/;

/** The node's path for an export (always NDJSON; the gateway writes CSV itself). */
export function nodeExportPath(path: string): string {
  return `/export/${path}.ndjson`;
}

/** `/export/<path>.<format>` read back: the declared path and the format asked, or null. */
export function parseExportPath(pathname: string): { path: string; format: 'ndjson' | 'csv' } | null {
  const m = /^\/export\/([^/]+)\.(ndjson|csv)$/.exec(pathname);
  return m && EXPORT_PATH.test(m[1]!) ? { path: m[1]!, format: m[2] as 'ndjson' | 'csv' } : null;
}

/** A node line longer than this is refused: a row is a few kilobytes at most (write limits). */
export const MAX_EXPORT_LINE_BYTES = 1024 * 1024;

export interface ExportEnd {
  end: { rows: number };
}

export interface ExportFailure {
  error: { code: string; message: string; country?: string; after?: string | null; retryAfterSeconds?: number };
}

export function rowLine(cursor: string, node: unknown): string {
  return `${JSON.stringify({ cursor, node })}\n`;
}

export function endLine(rows: number): string {
  return `${JSON.stringify({ end: { rows } } satisfies ExportEnd)}\n`;
}

export function errorLine(error: ExportFailure['error']): string {
  return `${JSON.stringify({ error } satisfies ExportFailure)}\n`;
}

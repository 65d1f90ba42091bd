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

/** The kinds a node and the gateway export, with the path under `/export/`. */
export const EXPORT_KINDS = ['events'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The node's path for a kind (always NDJSON; the gateway writes CSV itself). */
export function nodeExportPath(kind: ExportKind): string {
  return `/export/${kind}.ndjson`;
}

/** A node line longer than this is refused: an event row is a few kilobytes at most (write limits). */
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

import { BOM, csvHeader, csvRows } from './csv';
import { isKind, SPECS, type Kind } from './kinds';
import { missingCountries, otherErrors, type ErrorLike } from './partial';

/**
 * The CSV export of a list, page by page through the gateway: each page is asked with the
 * previous page's end cursor and turned into CSV text at once, so what is held at any moment is
 * one page. The export worker (export-sw.ts) streams these chunks into the download; where no
 * worker can run, the page collects them as Blob parts (export.ts). No DOM here.
 */

/** The API's largest page (contract/ordering.ts MAX_PAGE_SIZE): fewest round trips. */
export const EXPORT_PAGE_SIZE = 500;

export interface ExportRequest {
  kind: Kind;
  filter: Record<string, unknown> | null;
  orderBy: string | null;
  pageSize: number;
}

export interface ExportChunk {
  text: string;
  /** Rows in this chunk, rows so far, and the list's size when the export began. */
  rows: number;
  done: number;
  total: number;
}

/** Why an export stopped; `message` is for the reader (names the missing countries, or the API's message). */
export class ExportError extends Error {
  constructor(
    message: string,
    readonly countries: string[] = [],
  ) {
    super(message);
  }
}

export function exportQuery(kind: Kind): string {
  const spec = SPECS[kind];
  const order = spec.orderType ? `, $orderBy: ${spec.orderType}` : '';
  const orderArg = spec.orderType ? ', orderBy: $orderBy' : '';
  return `query Export($filter: ${spec.filterType}${order}, $first: Int, $after: String) {
  list: ${spec.list}(filter: $filter${orderArg}, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${spec.csvFields} } }
}`;
}

/** The export's parameters as the worker's URL carries them, and back (validated: the URL is the only input). */
export function exportSearch(req: ExportRequest): string {
  const q = new URLSearchParams({ page: String(req.pageSize) });
  if (req.filter) q.set('filter', JSON.stringify(req.filter));
  if (req.orderBy) q.set('orderBy', req.orderBy);
  return q.toString();
}

export function parseExport(kind: string, search: string): ExportRequest | null {
  if (!isKind(kind)) return null;
  const q = new URLSearchParams(search);
  const pageSize = Number(q.get('page') ?? EXPORT_PAGE_SIZE);
  let filter: Record<string, unknown> | null;
  try {
    const raw = q.get('filter');
    filter = raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
  if (filter !== null && (typeof filter !== 'object' || Array.isArray(filter))) return null;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > EXPORT_PAGE_SIZE) return null;
  return { kind, filter, orderBy: q.get('orderBy'), pageSize };
}

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: unknown[];
}

type Fetch = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{ status: number; json(): Promise<unknown> }>;

/**
 * How long one page may take before the export gives up. The gateway ends every request at its
 * own deadline (15 s by default), so this fires only when the connection itself is lost.
 */
export const PAGE_TIMEOUT_MS = 60_000;

/** One page as a GET (cacheable, like every read the pages make). */
async function fetchPage(endpoint: string, req: ExportRequest, after: string | null, fetchImpl: Fetch, timeoutMs: number): Promise<Page> {
  const variables: Record<string, unknown> = { filter: req.filter, first: req.pageSize, after };
  if (SPECS[req.kind].orderType) variables.orderBy = req.orderBy;
  const url = `${endpoint}?${new URLSearchParams({ query: exportQuery(req.kind).replace(/\s+/g, ' '), variables: JSON.stringify(variables) })}`;
  let body: { data?: { list?: Page | null } | null; errors?: ErrorLike[] };
  try {
    const response = await fetchImpl(url, {
      headers: { accept: 'application/graphql-response+json, application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new ExportError(`the gateway did not answer (${(error as Error).message})`);
  }
  const errors = body.errors ?? [];
  // A page without a country would make a file that looks complete and is not: stop instead.
  const missing = missingCountries(errors).map((m) => m.country);
  if (missing.length) throw new ExportError(`no answer from ${missing.join(', ')}`, missing);
  const other = otherErrors(errors);
  if (other.length || !body.data?.list) throw new ExportError(other.map((e) => e.message).join('; ') || 'the gateway answered without the list');
  return body.data.list;
}

/** The CSV, one chunk per page: the first carries the byte-order mark and the header. */
export async function* csvChunks(endpoint: string, req: ExportRequest, fetchImpl: Fetch, timeoutMs = PAGE_TIMEOUT_MS): AsyncGenerator<ExportChunk> {
  const columns = SPECS[req.kind].csv;
  let after: string | null = null;
  let done = 0;
  let first = true;
  for (;;) {
    const page: Page = await fetchPage(endpoint, req, after, fetchImpl, timeoutMs);
    done += page.nodes.length;
    const head = first ? BOM + csvHeader(columns) : '';
    yield { text: head + csvRows(columns, page.nodes), rows: page.nodes.length, done, total: page.totalCount };
    first = false;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || page.nodes.length === 0) return;
    after = page.pageInfo.endCursor;
  }
}

/** The file name a download gets: `ilo-events-2026-12-07.csv`. */
export function exportFileName(kind: Kind, now: Date): string {
  return `ilo-${kind}-${now.toISOString().slice(0, 10)}.csv`;
}

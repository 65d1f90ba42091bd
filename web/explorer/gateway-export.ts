import { csvChunks, ExportError, PAGE_TIMEOUT_MS, type ExportChunk, type ExportRequest } from './export-core';

/**
 * The gateway's bulk export (`GET export/<kind>.csv`, docs/clients.md "Bulk export") as the
 * explorer's CSV: one streamed request instead of a GraphQL page per 500 rows. The bytes are the
 * gateway's, passed on unchanged; what is checked here is how the file ends, because the gateway
 * says it there: `#end,N` when complete, `#error,<code>,<country>,…` when a country stopped
 * answering mid-way. Anything but a matching `#end` is a failed export, never a finished file.
 * No DOM here (the export worker and the page both use it).
 */

export type Fetch = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<Response>;

/** The export's address at the gateway: the list's filter and order, the list field's own arguments (docs/clients.md lists the exports). */
export function gatewayExportUrl(base: string, req: Pick<ExportRequest, 'kind' | 'filter' | 'orderBy'>): string {
  const q = new URLSearchParams();
  if (req.filter) q.set('filter', JSON.stringify(req.filter));
  if (req.orderBy) q.set('orderBy', req.orderBy);
  const search = q.toString();
  return new URL(`export/${req.kind}.csv${search ? `?${search}` : ''}`, base).toString();
}

/** One CSV record's fields (RFC 4180 quoting), for the trailer line. */
export function csvFields(record: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted && c === '"' && record[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** Why the gateway's last line says the export stopped, in the words the explorer uses for a missing country. */
export function trailerError(fields: string[]): ExportError {
  const [, code = '', country = '', , , message = ''] = fields;
  if (code === 'COUNTRY_UNAVAILABLE' && country) return new ExportError(`no answer from ${country}`, [country]);
  if (code === 'COUNTRY_BAD_RESPONSE' && country) return new ExportError(`${country} sent an answer the gateway refused`, [country]);
  return new ExportError(message || code || 'the export stopped', country ? [country] : []);
}

/**
 * Counts the data rows of a CSV read in pieces (a record ends at a line break outside quotes;
 * header and `#` lines are not rows) and keeps the last `#` line, the trailer.
 */
export class CsvTail {
  rows = 0;
  trailer: string | null = null;
  private records = 0;
  private quoted = false;
  private current = '';
  private atStart = true;
  private comment = false;

  feed(text: string): void {
    for (const c of text) {
      if (this.atStart) {
        this.atStart = false;
        this.comment = c === '#';
        this.current = '';
      }
      if (c === '"') this.quoted = !this.quoted;
      if (c === '\n' && !this.quoted) {
        if (this.comment) this.trailer = this.current.replace(/\r$/, '');
        else if (this.records++ > 0) this.rows++;
        this.atStart = true;
        continue;
      }
      // Only a comment line is kept whole: it is short, and rows are never held.
      if (this.comment) this.current += c;
    }
  }

  /** Throws unless the file ended with `#end,N` and N rows came before it. */
  finish(): number {
    if (!this.atStart) throw new ExportError('the connection broke before the end of the file');
    const fields = this.trailer === null ? null : csvFields(this.trailer);
    if (fields?.[0] === '#error') throw trailerError(fields);
    if (fields?.[0] !== '#end') throw new ExportError('the connection broke before the end of the file');
    if (Number(fields[1]) !== this.rows) throw new ExportError(`the file holds ${this.rows} rows where the gateway sent ${fields[1]}`);
    return this.rows;
  }
}

/** A refusal before any byte (`{"errors":[{message, extensions:{code, country}}]}`), as an ExportError. */
async function refusal(response: Response): Promise<ExportError> {
  let error: { message?: unknown; extensions?: { code?: unknown; country?: unknown } } | undefined;
  try {
    error = ((await response.json()) as { errors?: Array<typeof error> }).errors?.[0];
  } catch {
    error = undefined;
  }
  const country = typeof error?.extensions?.country === 'string' ? error.extensions.country : '';
  const code = typeof error?.extensions?.code === 'string' ? error.extensions.code : '';
  if (country) return trailerError(['#error', code, country, '', '', String(error?.message ?? '')]);
  return new ExportError(typeof error?.message === 'string' ? error.message : `the gateway answered ${response.status}`);
}

/**
 * The gateway's CSV as chunks of text (the byte-order mark kept), or null when the gateway has
 * no export for this kind (404: the caller pages through GraphQL instead). A refusal throws
 * before the first chunk; a file that does not end complete throws after its last chunk. A read
 * that brings nothing for `idleMs` (the connection lost) stops it the same way.
 */
export async function gatewayChunks(base: string, req: ExportRequest, fetchImpl: Fetch, idleMs: number): Promise<AsyncGenerator<ExportChunk> | null> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`nothing came for ${Math.round(idleMs / 1000)} s`)), idleMs);
  };
  arm();
  let response: Response;
  try {
    response = await fetchImpl(gatewayExportUrl(base, req), { headers: { accept: 'text/csv' }, signal: controller.signal });
  } catch (error) {
    clearTimeout(timer);
    throw new ExportError(`the gateway did not answer (${(error as Error).message})`);
  }
  if (response.status === 404) {
    clearTimeout(timer);
    await response.body?.cancel();
    return null;
  }
  if (!response.ok || !response.body) {
    clearTimeout(timer);
    throw await refusal(response);
  }
  return read(response.body, controller, arm, () => clearTimeout(timer));
}

async function* read(body: ReadableStream<Uint8Array>, controller: AbortController, arm: () => void, disarm: () => void): AsyncGenerator<ExportChunk> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const tail = new CsvTail();
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        throw new ExportError(`the download broke (${String((controller.signal.reason as Error | undefined)?.message ?? (error as Error).message)})`);
      }
      arm();
      const text = next.done ? decoder.decode() : decoder.decode(next.value, { stream: true });
      const before = tail.rows;
      tail.feed(text);
      if (next.done) {
        // The last text goes out only once the file is known complete.
        const rows = tail.finish();
        if (text) yield { text, rows: rows - before, done: rows, total: 0 };
        return;
      }
      if (text) yield { text, rows: tail.rows - before, done: tail.rows, total: 0 };
    }
  } finally {
    disarm();
    controller.abort();
    reader.releaseLock();
  }
}

/**
 * The list's CSV by the best path the gateway offers: its bulk export where it has one for the
 * kind, else GraphQL pages (export-core.ts). `base` is the gateway's root (the page's base URL).
 */
export async function* exportChunks(base: string, req: ExportRequest, fetchImpl: Fetch, idleMs = PAGE_TIMEOUT_MS): AsyncGenerator<ExportChunk> {
  const gateway = await gatewayChunks(base, req, fetchImpl, idleMs);
  if (gateway) {
    yield* gateway;
    return;
  }
  yield* csvChunks(new URL('graphql', base).toString(), req, fetchImpl, idleMs);
}

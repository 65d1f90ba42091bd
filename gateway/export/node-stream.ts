import http from 'node:http';
import split2 from 'split2';
import { checkEventRow, RowError, type EventRow } from '../../shared/export/event-row.js';
import { MAX_EXPORT_LINE_BYTES } from '../../shared/export/protocol.js';
import { comparePositions, cursorPosition, type OrderName, type Position } from '../../shared/ordering.js';

/** One row of a node's export, checked. */
export interface ExportItem {
  cursor: string;
  position: Readonly<Position>;
  node: EventRow;
}

/** Why a country's part of an export could not be read; its code is what the client sees. */
export class NodeExportError extends Error {
  constructor(
    readonly country: string,
    readonly code: 'COUNTRY_UNAVAILABLE' | 'COUNTRY_BAD_RESPONSE' | 'BAD_USER_INPUT' | string,
    message: string,
    /** The node's HTTP status when it refused before streaming. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface NodeStreamOptions {
  country: string;
  url: URL;
  headers: Record<string, string>;
  order: OrderName;
  /** How long the gateway waits for a node's next line while it wants one. */
  idleMs: number;
  /** How long the node has to answer with its headers. */
  connectMs: number;
}

function bad(country: string, message: string): NodeExportError {
  return new NodeExportError(country, 'COUNTRY_BAD_RESPONSE', message);
}

/** Where the item's position must be, from the row itself (a cursor that disagrees with its row is refused). */
function positionKey(order: OrderName, row: EventRow): string | null {
  if (order === 'START_DATE_DESC' || order === 'START_DATE_ASC') return row.startDate;
  if (order === 'UPDATED_AT_DESC') return row.updatedAt;
  return null;
}

/**
 * Checks one line of a node's export (trust nothing): JSON of one of the protocol's three
 * shapes; a row whose id and `country` name this node, in the export's shape
 * (shared/export/event-row.ts), whose cursor is a position of this order agreeing with the row,
 * strictly after the previous row's (a node out of order would break the merge silently).
 */
export function checkLine(country: string, order: OrderName, line: string, previous: Readonly<Position> | null): ExportItem | { end: number } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw bad(country, 'a line of its export is not JSON');
  }
  if (typeof value !== 'object' || value === null) throw bad(country, 'a line of its export is not an object');
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === 'end') {
    const rows = (v.end as { rows?: unknown } | null)?.rows;
    if (typeof rows !== 'number' || !Number.isSafeInteger(rows)) throw bad(country, 'its end line has no row count');
    return { end: rows };
  }
  if (keys.length === 1 && keys[0] === 'error') {
    const error = v.error as { code?: unknown; message?: unknown } | null;
    const code = typeof error?.code === 'string' ? error.code.slice(0, 64) : 'unknown';
    throw new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `the node stopped its export (${code})`);
  }
  if (keys.length !== 2 || typeof v.cursor !== 'string' || !('node' in v)) throw bad(country, 'a line of its export is not a row, an end or an error');
  let node: EventRow;
  try {
    node = checkEventRow(v.node);
  } catch (error) {
    if (error instanceof RowError) throw bad(country, `row ${JSON.stringify(String((v.node as { id?: unknown })?.id ?? '?')).slice(0, 80)}: ${error.message}`);
    throw error;
  }
  if (node.country !== country || !node.id.startsWith(`${country}:`))
    throw bad(country, `row ${JSON.stringify(node.id.slice(0, 80))} belongs to another country than ${country}`);
  const position = cursorPosition(v.cursor);
  if (!position || position.id !== node.id || position.key !== positionKey(order, node))
    throw bad(country, `the cursor of row ${JSON.stringify(node.id.slice(0, 80))} is not its position`);
  if (previous && comparePositions(order, previous, position) >= 0) throw bad(country, `row ${JSON.stringify(node.id.slice(0, 80))} is out of order`);
  return { cursor: v.cursor, position, node };
}

/** Reads a refusal body (small, bounded) for its message and code. */
async function refusalOf(country: string, res: http.IncomingMessage): Promise<NodeExportError> {
  let body = '';
  for await (const chunk of res) {
    body += chunk;
    if (body.length > 16_384) break;
  }
  res.destroy();
  try {
    const error = (JSON.parse(body) as { errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }> }).errors?.[0];
    const code = typeof error?.extensions?.code === 'string' ? error.extensions.code : null;
    const message = typeof error?.message === 'string' ? error.message.slice(0, 500) : null;
    if (res.statusCode === 400 && code === 'BAD_USER_INPUT' && message) return new NodeExportError(country, code, message, 400);
    return new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `the node answered ${res.statusCode}${code ? ` ${code}` : ''}`, res.statusCode);
  } catch {
    return new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `the node answered ${res.statusCode}`, res.statusCode);
  }
}

export interface NodeStream {
  country: string;
  items: AsyncIterator<ExportItem>;
  /** Rows the node said it sent (its end line), once read. */
  close(): void;
}

/**
 * Opens a node's export and resolves once it answered 200 (else rejects with its refusal: a
 * node's BAD_USER_INPUT is the client's, anything else the country's unavailability). Lines are
 * cut at MAX_EXPORT_LINE_BYTES while they arrive, each checked before anything reads it; a node
 * silent for `idleMs` while the gateway waits for its next line fails its country. The socket
 * is read only as items are taken: a slow client stops the node's cursor, not fills memory.
 */
export function openNodeStream(options: NodeStreamOptions): Promise<NodeStream> {
  const { country, order } = options;
  return new Promise((resolve, reject) => {
    const req = http.get(options.url, { headers: options.headers, agent: false });
    const connectTimer = setTimeout(
      () => req.destroy(new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `no answer within ${options.connectMs} ms`)),
      options.connectMs,
    );
    req.on('error', (error) => {
      clearTimeout(connectTimer);
      reject(
        error instanceof NodeExportError
          ? error
          : new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `unreachable (${(error as NodeJS.ErrnoException).code ?? error.message})`),
      );
    });
    req.on('response', (res) => {
      clearTimeout(connectTimer);
      if (res.statusCode !== 200) {
        void refusalOf(country, res).then(reject, () => reject(new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `the node answered ${res.statusCode}`)));
        return;
      }
      const lines = res.pipe(split2({ maxLength: MAX_EXPORT_LINE_BYTES }));
      let failure: NodeExportError | null = null;
      res.on('error', () => {});
      lines.on('error', (error) => {
        failure ??= /maximum buffer/.test(error.message) ? bad(country, `a line of its export is longer than ${MAX_EXPORT_LINE_BYTES} bytes`) : null;
        res.destroy();
      });
      // pipe() does not end `lines` when the response breaks: a cut connection must end the reading at once.
      res.on('close', () => {
        if (res.complete) return;
        failure ??= new NodeExportError(country, 'COUNTRY_UNAVAILABLE', 'its export was cut off');
        lines.destroy();
      });
      const source = lines[Symbol.asyncIterator]() as AsyncIterator<string>;
      let waiting = false;
      let lastLineAt = Date.now();
      const idle = setInterval(
        () => {
          if (waiting && Date.now() - lastLineAt >= options.idleMs) {
            failure ??= new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `sent nothing for ${options.idleMs} ms`);
            lines.destroy();
            res.destroy();
          }
        },
        Math.max(50, Math.floor(options.idleMs / 4)),
      );
      idle.unref();
      let previous: Readonly<Position> | null = null;
      let rows = 0;
      let ended = false;
      const items: AsyncIterator<ExportItem> = {
        async next() {
          for (;;) {
            if (ended) return { done: true, value: undefined };
            waiting = true;
            lastLineAt = Date.now();
            let read: IteratorResult<string>;
            try {
              read = await source.next();
            } catch {
              read = { done: true, value: undefined };
            } finally {
              waiting = false;
            }
            if (failure) throw failure;
            if (read.done) throw new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `its export ended without its last line after ${rows} rows (cut off)`);
            if (read.value === '') continue;
            const item = checkLine(country, order, read.value, previous);
            if ('end' in item) {
              if (item.end !== rows) throw bad(country, `its end line counts ${item.end} rows, it sent ${rows}`);
              ended = true;
              clearInterval(idle);
              return { done: true, value: undefined };
            }
            previous = item.position;
            rows++;
            return { done: false, value: item };
          }
        },
      };
      resolve({
        country,
        items,
        close: () => {
          clearInterval(idle);
          lines.destroy();
          res.destroy();
        },
      });
    });
  });
}

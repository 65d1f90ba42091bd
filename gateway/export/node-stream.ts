import http from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { MAX_EXPORT_LINE_BYTES } from '../../contract/export/protocol.js';
import { compareKeyed, cursorPosition, ORDER_KEY_FIELD, type KeyDirection, type OrderName, type Position } from '../../contract/ordering.js';
import { RowError } from './row-check.js';

/** One row of a node's export, checked. */
export interface ExportItem {
  cursor: string;
  position: Readonly<Position>;
  node: Record<string, unknown>;
}

/** How a node's lines are read: the export's order, as the list declares it, and the check of its rows. */
export interface LineRules {
  order: OrderName;
  /** The declared direction of the order's key (null: by id). */
  direction: KeyDirection;
  row: (value: unknown, country: string) => Record<string, unknown>;
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
  rules: LineRules;
  /** How long the gateway waits for a node's next line while it wants one. */
  idleMs: number;
  /** How long the node has to answer with its headers. */
  connectMs: number;
}

function bad(country: string, message: string): NodeExportError {
  return new NodeExportError(country, 'COUNTRY_BAD_RESPONSE', message);
}

/** Where the item's position must be, from the row itself (a cursor that disagrees with its row is refused). */
function positionKey(order: OrderName, row: Record<string, unknown>): unknown {
  const field = ORDER_KEY_FIELD[order];
  return field === null ? null : (row[field] ?? null);
}

/**
 * Checks one line of a node's export (trust nothing): JSON of one of the protocol's three
 * shapes; a row of the declared shape whose key names this node (row-check.ts), whose cursor is
 * a position of this order agreeing with the row, strictly after the previous row's in the
 * declared order (a node out of order would break the merge silently).
 */
export function checkLine(country: string, rules: LineRules, line: string, previous: Readonly<Position> | null): ExportItem | { end: number } {
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
  const named = JSON.stringify(String((v.node as { id?: unknown } | null)?.id ?? '?').slice(0, 80));
  let node: Record<string, unknown>;
  try {
    node = rules.row(v.node, country);
  } catch (error) {
    if (error instanceof RowError) throw bad(country, `row ${named}: ${error.message}`);
    throw error;
  }
  const position = cursorPosition(v.cursor);
  if (!position || position.id !== node.id || position.key !== positionKey(rules.order, node))
    throw bad(country, `the cursor of row ${named} is not its position`);
  if (previous && compareKeyed(rules.direction, previous, position) >= 0) throw bad(country, `row ${named} is out of order`);
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
  /** The node's rows in batches (each as they arrived), checked; throws the country's failure. */
  items: AsyncIterator<ExportItem[]>;
  close(): void;
}

/** Checked rows waiting for the merge before the node's socket is paused (about two of its 64 KiB writes). */
const QUEUED_ROWS_HIGH = 128;

/**
 * Opens a node's export and resolves once it answered 200 (else rejects with its refusal: a
 * node's BAD_USER_INPUT is the client's, anything else the country's unavailability). Lines are
 * split and checked per chunk as they arrive (a line longer than MAX_EXPORT_LINE_BYTES fails the
 * country), and handed to the merge in batches; past QUEUED_ROWS_HIGH waiting rows the socket is
 * paused, so a slow client stops the node's cursor rather than fill memory. A node silent for
 * `idleMs` while the merge waits for it fails its country.
 *
 * Hand-written rather than split2 piped into an async iterator: that is one stream push and one
 * promise per row, most of the gateway's CPU per exported row.
 */
export function openNodeStream(options: NodeStreamOptions): Promise<NodeStream> {
  const { country, rules } = options;
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
      const decoder = new StringDecoder('utf8');
      const queue: ExportItem[][] = [];
      let queued = 0;
      let partial = '';
      let previous: Readonly<Position> | null = null;
      let rows = 0;
      let ended = false;
      let finished = false;
      let failure: NodeExportError | null = null;
      let wake: (() => void) | null = null;
      let waiting = false;
      let lastDataAt = Date.now();
      const notify = () => {
        const w = wake;
        wake = null;
        w?.();
      };
      const take = (text: string) => {
        const lines = (partial + text).split('\n');
        partial = lines.pop()!;
        if (partial.length * 3 > MAX_EXPORT_LINE_BYTES && Buffer.byteLength(partial) > MAX_EXPORT_LINE_BYTES) {
          throw bad(country, `a line of its export is longer than ${MAX_EXPORT_LINE_BYTES} bytes`);
        }
        const batch: ExportItem[] = [];
        for (const line of lines) {
          if (line === '') continue;
          if (ended) throw bad(country, 'its export goes on after its end line');
          const item = checkLine(country, rules, line, previous);
          if ('end' in item) {
            if (item.end !== rows) throw bad(country, `its end line counts ${item.end} rows, it sent ${rows}`);
            ended = true;
            continue;
          }
          previous = item.position;
          rows++;
          batch.push(item);
        }
        if (batch.length) {
          queue.push(batch);
          queued += batch.length;
        }
      };
      res.on('data', (chunk: Buffer) => {
        lastDataAt = Date.now();
        if (failure) return;
        try {
          take(decoder.write(chunk));
        } catch (error) {
          failure = error instanceof NodeExportError ? error : bad(country, (error as Error).message);
          res.destroy();
        }
        if (queued >= QUEUED_ROWS_HIGH) res.pause();
        notify();
      });
      res.on('error', () => {});
      res.on('close', () => {
        finished = true;
        if (!res.complete) failure ??= new NodeExportError(country, 'COUNTRY_UNAVAILABLE', 'its export was cut off');
        else if (!ended && !failure)
          failure = new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `its export ended without its last line after ${rows} rows (cut off)`);
        notify();
      });
      const idle = setInterval(
        () => {
          if (waiting && Date.now() - lastDataAt >= options.idleMs) {
            failure ??= new NodeExportError(country, 'COUNTRY_UNAVAILABLE', `sent nothing for ${options.idleMs} ms`);
            res.destroy();
            notify();
          }
        },
        Math.max(50, Math.floor(options.idleMs / 4)),
      );
      idle.unref();
      const items: AsyncIterator<ExportItem[]> = {
        async next() {
          for (;;) {
            // Rows that arrived before a failure are a correct prefix: they go first.
            const batch = queue.shift();
            if (batch) {
              queued -= batch.length;
              if (queued < QUEUED_ROWS_HIGH && res.isPaused() && !failure) res.resume();
              return { done: false, value: batch };
            }
            if (failure) throw failure;
            if (ended) {
              clearInterval(idle);
              return { done: true, value: undefined };
            }
            if (finished) throw new NodeExportError(country, 'COUNTRY_UNAVAILABLE', 'its export was cut off');
            // Silence counts from when the merge needs this node, not while a slow client kept it paused.
            waiting = true;
            lastDataAt = Date.now();
            await new Promise<void>((r) => (wake = r));
            waiting = false;
          }
        },
      };
      resolve({
        country,
        items,
        close: () => {
          clearInterval(idle);
          res.destroy();
        },
      });
    });
  });
}

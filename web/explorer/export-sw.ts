import { ExportError, exportFileName, parseExport, type ExportChunk } from './export-core';
import { exportChunks } from './gateway-export';

/**
 * The export worker: a service worker scoped to `assets/export/`, registered by the explorer
 * when the reader asks for a CSV. The page opens `assets/export/<kind>.csv?…` in a hidden frame;
 * this worker answers that navigation with a stream: the gateway's bulk export passed on as it
 * arrives where the gateway has one for the kind, else the list fetched page by page through
 * GraphQL, so the browser saves the file as it grows and neither the page nor the worker ever
 * holds more than one piece (the approach of
 * StreamSaver.js, without its extra pieces). Progress and failures go to the page over a
 * BroadcastChannel, since the page does not see the frame's download.
 */

interface FetchEventLike {
  request: { url: string };
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  location: { href: string };
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  addEventListener(type: 'install' | 'activate', listener: (event: { waitUntil(p: Promise<unknown>): void }) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}
const scope = self as unknown as WorkerScope;

export interface ExportMessage {
  id: string;
  state: 'progress' | 'done' | 'failed';
  done?: number;
  total?: number;
  message?: string;
  countries?: string[];
}

const channel = new BroadcastChannel('ilo-export');
const tell = (message: ExportMessage) => channel.postMessage(message);
const encoder = new TextEncoder();

function refusal(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

async function exportResponse(url: URL): Promise<Response> {
  const id = url.searchParams.get('id') ?? '';
  const kind = /\/export\/([a-z]+)\.csv$/.exec(url.pathname)?.[1] ?? '';
  const req = parseExport(kind, url.search);
  if (!req) {
    tell({ id, state: 'failed', message: 'not an export this worker knows' });
    return refusal(400, 'Not an export: open the list in the explorer and use its Export button.');
  }
  const chunks = exportChunks(new URL('../../', scope.location.href).toString(), req, (u, init) => fetch(u, init));
  let first: IteratorResult<ExportChunk>;
  try {
    // The first page is read before answering, so a list that cannot be exported is refused
    // with a status, not saved as an empty or partial file.
    first = await chunks.next();
  } catch (error) {
    const e = error as ExportError;
    tell({ id, state: 'failed', message: e.message, countries: e.countries });
    return refusal(503, `Export stopped: ${e.message}.`);
  }
  let pending: ExportChunk | null = first.done ? null : first.value;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = pending ?? (await chunks.next()).value;
        pending = null;
        if (!chunk) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(chunk.text));
        tell({ id, state: 'progress', done: chunk.done, total: chunk.total });
        const next = await chunks.next();
        if (next.done) {
          controller.close();
          tell({ id, state: 'done', done: chunk.done, total: chunk.total });
        } else pending = next.value;
      } catch (error) {
        // The download fails visibly (the browser marks it failed) rather than ending short.
        const e = error as ExportError;
        tell({ id, state: 'failed', message: e.message, countries: e.countries });
        controller.error(e);
      }
    },
    cancel() {
      void chunks.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName(req.kind, new Date())}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()));
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));
scope.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (/\/assets\/export\/[a-z]+\.csv$/.test(url.pathname)) event.respondWith(exportResponse(url));
});

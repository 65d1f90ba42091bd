import { EXPORT_PAGE_SIZE, ExportError, exportFileName, exportSearch, type ExportRequest } from './export-core';
import type { ExportMessage } from './export-sw';
import { exportChunks } from './gateway-export';

/**
 * Starts a CSV export of the list on screen: the gateway's bulk export where it has one for the
 * kind, else GraphQL pages (gateway-export.ts). Where a service worker can run (https, or
 * localhost), the export worker streams the file into the browser's download (export-sw.ts);
 * elsewhere the page reads the pieces itself and hands the browser Blob parts, one per piece
 * (the browser keeps large blobs on disk; the page's memory holds one piece at a time), and
 * saves them only once the file is known complete.
 */

export interface ExportProgress {
  state: 'starting' | 'progress' | 'done' | 'failed';
  done?: number;
  total?: number;
  message?: string;
  countries?: string[];
}

function workerUrl(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="ilo-export-worker"]')?.content || null;
}

let registration: Promise<ServiceWorkerRegistration | null> | null = null;

/** The export worker, registered once per page and active (null where workers cannot run). */
function exportWorker(): Promise<ServiceWorkerRegistration | null> {
  const url = workerUrl();
  if (!url || !('serviceWorker' in navigator) || !window.isSecureContext) return Promise.resolve(null);
  registration ??= navigator.serviceWorker
    .register(new URL(url, document.baseURI), { scope: new URL('assets/export/', document.baseURI).pathname })
    .then(async (reg) => {
      const worker = reg.installing ?? reg.waiting;
      if (!reg.active && worker) {
        await new Promise<void>((resolve) => {
          const check = () => (worker.state === 'activated' || worker.state === 'redundant') && resolve();
          worker.addEventListener('statechange', check);
          check();
        });
      }
      return reg.active ? reg : null;
    })
    .catch(() => null);
  return registration;
}

/** Registers the worker ahead of the first click, so the export starts at once. */
export function prepareExport(): void {
  void exportWorker();
}

export async function startExport(request: Omit<ExportRequest, 'pageSize'> & { pageSize?: number }, onProgress: (p: ExportProgress) => void): Promise<void> {
  const req: ExportRequest = { ...request, pageSize: request.pageSize ?? EXPORT_PAGE_SIZE };
  onProgress({ state: 'starting' });
  const worker = await exportWorker();
  if (worker) return viaWorker(req, onProgress);
  return inPage(req, onProgress);
}

function viaWorker(req: ExportRequest, onProgress: (p: ExportProgress) => void): Promise<void> {
  const id = Math.random().toString(36).slice(2);
  const channel = new BroadcastChannel('ilo-export');
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.title = 'export';
  return new Promise<void>((resolve) => {
    channel.onmessage = (event: MessageEvent<ExportMessage>) => {
      if (event.data.id !== id) return;
      onProgress(event.data);
      if (event.data.state === 'done' || event.data.state === 'failed') {
        channel.close();
        // The frame stays until the download has its last bytes; it is removed a while later.
        setTimeout(() => frame.remove(), 60_000);
        resolve();
      }
    };
    frame.src = new URL(`assets/export/${req.kind}.csv?${exportSearch(req)}&id=${id}`, document.baseURI).toString();
    document.body.append(frame);
  });
}

async function inPage(req: ExportRequest, onProgress: (p: ExportProgress) => void): Promise<void> {
  const parts: Blob[] = [];
  let last = { done: 0, total: 0 };
  try {
    for await (const chunk of exportChunks(document.baseURI, req, (u, init) => fetch(u, init))) {
      parts.push(new Blob([chunk.text], { type: 'text/csv' }));
      last = chunk;
      onProgress({ state: 'progress', done: chunk.done, total: chunk.total });
    }
  } catch (error) {
    const e = error as ExportError;
    onProgress({ state: 'failed', message: e.message, countries: e.countries });
    return;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  link.download = exportFileName(req.kind, new Date());
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  onProgress({ state: 'done', done: last.done, total: last.total });
}

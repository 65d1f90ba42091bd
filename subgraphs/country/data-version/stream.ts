import type http from 'node:http';
import { settingsEnv } from '../../../platform/config/current.js';
import { createStreamSlots, streamLimitsFromEnv, type StreamLimits } from '../../../platform/http/stream-slots.js';
import type { DataVersionFeed } from './feed.js';

export const DATA_VERSION_STREAM_PATH = '/data-version/stream';

/**
 * Bytes a stream may have waiting to be sent: a heartbeat is 10 bytes a second, so this much
 * queued (after the kernel's socket buffers are full) means the client has stopped reading; its
 * stream is closed instead of growing in memory for as long as it stays connected.
 */
export const MAX_STREAM_BACKLOG_BYTES = 64 * 1024;

/**
 * `GET /data-version/stream`: Server-Sent Events, one `version` event with the current data
 * version and one per change, and a comment every `heartbeatMs` so a gateway can tell a quiet
 * node from a hung one. The stream ends when the node loses sight of its database's version (the
 * gateway then drops what it cached from this node); while the node cannot see it, it answers
 * 503. Only a counter is revealed, so it needs no credentials, but the streams open at once are
 * capped in total and per client address (MAX_SSE_STREAMS, MAX_SSE_STREAMS_PER_CLIENT: 503 /
 * 429 with Retry-After over them; platform/http/stream-slots.ts).
 */
export function dataVersionStream(feed: DataVersionFeed, heartbeatMs = 1000, limits: StreamLimits = streamLimitsFromEnv(settingsEnv())) {
  const slots = createStreamSlots(limits);
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'application/json' }).end(JSON.stringify({ error: 'GET only' }));
      return;
    }
    const first = feed.version;
    if (first === null) {
      res
        .writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' })
        .end(JSON.stringify({ error: 'data version not available (database connection lost)' }));
      return;
    }
    const release = slots.acquire(req, res);
    if (!release) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`event: version\ndata: ${first}\n\n`);
    const heartbeat = setInterval(() => {
      if (res.writableLength > MAX_STREAM_BACKLOG_BYTES) res.destroy();
      else res.write(': alive\n\n');
    }, heartbeatMs);
    const unsubscribe = feed.subscribe((version) => {
      if (version === null) res.end();
      else res.write(`event: version\ndata: ${version}\n\n`);
    });
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      release();
    });
  };
}

import type http from 'node:http';

/**
 * Stops an HTTP server without cutting answers short: it stops accepting connections, keeps
 * serving the requests already in progress for up to `graceMs`, closes keep-alive connections as
 * soon as they are idle, then closes whatever is left. Node 20's own server.close(),
 * closeIdleConnections() and closeAllConnections() do all of it, so no library (http-terminator,
 * stoppable) is needed; the loop is there because a keep-alive connection whose request finishes
 * during the drain becomes idle later, and close() alone would wait for its keep-alive timeout.
 */
export function drainServer(server: http.Server, graceMs = 5000): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) {
      server.closeAllConnections();
      resolve();
      return;
    }
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

import { ConfigError } from './env-values.js';

/**
 * A start-up failure the user can fix (folder in use, port taken, database unreachable, no
 * permission): printed as one line, `[service] what happened: what to do`, never a stack.
 */
export class StartupError extends Error {}

/** Redacts the password of a connection URL before it is shown. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** The errors of a listening socket or a connection, turned into what the user should do. */
export function explainStartupError(error: unknown): StartupError | ConfigError | null {
  if (error instanceof StartupError || error instanceof ConfigError) return error;
  const e = error as NodeJS.ErrnoException & { port?: number; address?: string; syscall?: string };
  if (e?.syscall === 'listen' && e.code === 'EADDRINUSE') {
    return new StartupError(
      `port ${e.port} on ${e.address} is already in use (another stack or program listens there): stop it, ` +
        'or move this one with PORT_OFFSET=<n> (npm start: every port + n) or --port <port> (a single service)',
    );
  }
  if (e?.syscall === 'listen' && e.code === 'EACCES') {
    return new StartupError(`no permission to listen on port ${e.port}: use a port above 1023 (--port or PORT_OFFSET)`);
  }
  if ((e?.code === 'EACCES' || e?.code === 'EPERM') && e.path) {
    return new StartupError(`no permission to use ${e.path}: make it writable for this user, or point DATA_DIR at a folder that is`);
  }
  return null;
}

/** One line for the terminal: the service, then the explanation (or the raw error when unknown). */
export function startupMessage(service: string, error: unknown): string {
  const known = explainStartupError(error);
  if (known instanceof ConfigError) return `[${service}] Configuration error: ${known.message}`;
  if (known) return `[${service}] ${known.message}`;
  return `[${service}] failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

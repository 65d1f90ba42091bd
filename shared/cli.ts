import { ConfigError } from './config.js';

export interface Runnable {
  url: string;
  close(): Promise<void>;
  /** Shown in log lines instead of the name given to runService (e.g. the node's country). */
  label?: string;
}

/**
 * Runs a service from the command line: starts it, prints where it listens, and on Ctrl-C or
 * SIGTERM closes it once (HTTP, then pool, then database) and exits 0. A configuration error
 * prints one line and exits 1.
 */
export function runService(name: string, start: () => Promise<Runnable>): void {
  const started = Date.now();
  start()
    .then((service) => {
      name = service.label ?? name;
      console.log(`[${name}] ready in ${Date.now() - started} ms at ${service.url} (health: ${service.url.replace(/graphql$/, 'health')})`);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`[${name}] ${signal}: shutting down`);
        await service.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    })
    .catch((error) => {
      console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
      process.exit(1);
    });
}

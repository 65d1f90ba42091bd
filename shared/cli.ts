import { ConfigError } from './config.js';
import type { Logger } from './observability/logger.js';
import { setupTracing } from './observability/tracing.js';

export interface Runnable {
  url: string;
  close(): Promise<void>;
  /** Shown in log lines instead of the name given to runService (e.g. the node's country). */
  label?: string;
  /** The service's logger: its start and stop lines go there too, so a JSON log stays JSON. */
  logger?: Logger;
}

/**
 * Runs a service from the command line: turns tracing on when OTEL_* asks for it, starts the
 * service, says where it listens, and on Ctrl-C or SIGTERM closes it once (HTTP, then pool, then
 * database), flushes pending spans and exits 0. A configuration error prints one line and exits 1.
 */
export function runService(name: string, start: () => Promise<Runnable>, tracingName = `ilo-${name}`): void {
  const started = Date.now();
  let tracing: ReturnType<typeof setupTracing> = null;
  Promise.resolve()
    .then(() => {
      tracing = setupTracing(tracingName);
      return start();
    })
    .then((service) => {
      name = service.label ?? name;
      // Where it listens is the command's output: printed even when LOG_LEVEL hides info lines.
      const say = (message: string) => (service.logger?.isLevelEnabled('info') ? service.logger.info(message) : console.log(`[${name}] ${message}`));
      say(`ready in ${Date.now() - started} ms at ${service.url} (health: ${service.url.replace(/graphql$/, 'health')}, metrics: ${service.url.replace(/graphql$/, 'metrics')})`);
      if (tracing) say('tracing on: spans exported as OTEL_* configures');
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        say(`${signal}: shutting down`);
        await service.close();
        await tracing?.shutdown().catch(() => {});
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

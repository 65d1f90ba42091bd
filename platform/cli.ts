import type { Logger } from './observability/logger.js';
import { setupTracing } from './observability/tracing.js';
import { handleShutdownSignals } from './shutdown.js';
import { CONFIG_EXIT_CODE, ConfigError } from './config/error.js';
import { startupMessage } from './startup-error.js';

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
 * service, says where it listens, and on Ctrl-C or SIGTERM closes it once (HTTP drains its
 * requests in progress, then pool, then database), flushes pending spans and exits 0; a second
 * signal forces the exit (see platform/shutdown.ts). A failure to start prints one line naming the
 * service and what to do, and exits 1 (2 for a configuration refused: platform/config/error.ts).
 */
export function runService(name: string, start: () => Promise<Runnable>, tracingName = `ilo-${name}`, startName = name): void {
  const started = Date.now();
  let tracing: ReturnType<typeof setupTracing> = null;
  let say = (message: string) => console.log(`[${name}] ${message}`);
  const shutdown = handleShutdownSignals((message) => say(message));
  Promise.resolve()
    .then(() => {
      tracing = setupTracing(tracingName);
      return start();
    })
    .then((service) => {
      name = service.label ?? name;
      // Where it listens is the command's output: printed even when LOG_LEVEL hides info lines.
      say = (message: string) => (service.logger?.isLevelEnabled('info') ? service.logger.info(message) : console.log(`[${name}] ${message}`));
      say(
        `ready in ${Date.now() - started} ms at ${service.url} (health: ${service.url.replace(/graphql$/, 'health')}, metrics: ${service.url.replace(/graphql$/, 'metrics')})`,
      );
      if (tracing) say('tracing on: spans exported as OTEL_* configures');
      shutdown.ready(async () => {
        await service.close();
        await tracing?.shutdown().catch(() => {});
      });
    })
    .catch((error) => {
      console.error(startupMessage(startName, error));
      process.exit(error instanceof ConfigError ? CONFIG_EXIT_CODE : 1);
    });
}

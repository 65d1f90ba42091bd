import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { ObservabilityConfig } from '../config.js';

export type { Logger } from 'pino';

/**
 * pino-pretty is a dev dependency: `npm install --omit=dev` (the Docker image) does not have it,
 * and then LOG_FORMAT=pretty falls back to JSON lines instead of failing to start. It is loaded
 * as a synchronous stream in this process rather than as a pino transport (a worker thread).
 */
function prettyStream(): DestinationStream | null {
  try {
    const load = createRequire(__filename);
    const pretty = load('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
    // One line per entry; what the access line's message already says is not repeated after it.
    return pretty({
      colorize: process.stdout.isTTY ?? false,
      sync: true,
      singleLine: true,
      translateTime: 'HH:MM:ss.l',
      ignore: 'pid,hostname,service,method,path,status,durationMs',
      messageFormat: '[{service}] {msg}',
    });
  } catch {
    return null;
  }
}

let prettyFallbackWarned = false;

/**
 * The service's logger: JSON lines on stdout (one object per line, `time` in epoch ms, `level`
 * as a number as pino writes it, `service` naming the gateway, `regional` or the country node),
 * or human-readable lines in development. Tests pass their own `destination` to read the lines.
 */
export function createLogger(service: string, config: Pick<ObservabilityConfig, 'logLevel' | 'logFormat'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service },
    // Error objects keep their stack under `err`; credentials never reach a log line.
    serializers: { err: pino.stdSerializers.err },
    redact: { paths: ['headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
  };
  if (destination) return pino(options, destination);
  if (config.logFormat === 'pretty') {
    const stream = prettyStream();
    if (stream) return pino(options, stream);
    const logger = pino(options);
    if (!prettyFallbackWarned) logger.info('LOG_FORMAT=pretty needs the dev dependency pino-pretty; writing JSON lines');
    prettyFallbackWarned = true;
    return logger;
  }
  return pino(options);
}

/** Adapts the older `(message) => void` log callbacks (database helper, registry) to a logger. */
export function logFunction(logger: Logger, level: 'info' | 'warn' = 'info'): (message: string) => void {
  return (message) => logger[level](message);
}

/** A logger from either a pino logger or a plain `(message) => void` callback (older call sites and tests); none stays none. */
export function toLogger(value: Logger | ((message: string) => void) | undefined): Logger | undefined {
  if (!value || typeof value !== 'function') return value;
  const write = value;
  return pino({ level: 'info' }, { write: (line: string) => write(String(JSON.parse(line).msg ?? '')) });
}

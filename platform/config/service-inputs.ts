import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Env } from '../env-values.js';
import { publishSettings } from './current.js';
import { loadSettings, type LoadedSettings } from './load.js';
import { read, type Service } from './setting.js';
import { S } from './settings/index.js';

// What every service reads first, whatever it is: its flags, its settings (file under environment), its port and data folder.

/** The port from `--port`, else PORT, else the service's default. */
export function portOf(flag: string | undefined, env: Env, fallback: number): number {
  return flag !== undefined ? S.PORT.kind.parse(flag, '--port') : read(env, S.PORT, fallback);
}

/**
 * The service's settings from its file (`--config`) under the environment; the process's own
 * configuration (env = process.env) is also what the HTTP server and embedded PostgreSQL read.
 */
export function serviceSettings(service: Service, configPath: string | undefined, env: Env): LoadedSettings {
  const loaded = loadSettings(service, env, configPath);
  if (env === process.env) publishSettings(loaded.env);
  return loaded;
}

/** The flags every service takes: `--country` (nodes), `--port`, `--host`, `--config`. */
export function parseCli(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      country: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  return values;
}

/** The folder of the embedded databases (DATA_DIR, default `.data`), each service in a folder of its own. */
export function dataRoot(env: Env = process.env): string {
  return path.resolve(env.DATA_DIR ?? '.data');
}

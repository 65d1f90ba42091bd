/**
 * Child-process entry: one country node, as in production (one process per country office).
 * Usage (by bench/cluster.ts via fork): node node-process.js <COUNTRY> <DATABASE_URL>
 * Sends `{ url }` to the parent once listening; closes when the parent disconnects or on a signal.
 */
import 'reflect-metadata';
import { loadCountryNodeConfig } from '../platform/config.js';
import { startCountryNode, type CountryNode } from '../subgraphs/country/server.js';

const [country, databaseUrl] = process.argv.slice(2);
let node: CountryNode | null = null;
let closing = false;

async function shutdown(code: number) {
  if (closing) return;
  closing = true;
  try {
    await node?.close();
  } finally {
    process.exit(code);
  }
}

// The parent owns the run: when it goes away (or Ctrl-C reaches the process group), stop.
process.on('disconnect', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

startCountryNode(
  loadCountryNodeConfig(['--country', country, '--port', '0'], {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'bench-only-secret',
    DATABASE_URL: databaseUrl,
    SEED_ON_START: 'false',
    // Passed through so a bench can measure a node with compiled execution against one without.
    ...(process.env.NODE_COMPILED_EXECUTION ? { NODE_COMPILED_EXECUTION: process.env.NODE_COMPILED_EXECUTION } : {}),
  }),
)
  .then((started) => {
    node = started;
    if (closing) return void started.close();
    process.send?.({ url: started.url });
  })
  .catch((error) => {
    process.send?.({ error: String(error?.stack ?? error) });
    process.exit(1);
  });

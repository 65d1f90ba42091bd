import { EMBEDDED_URL_VARIABLE, startEmbeddedTestServer, type EmbeddedTestServer } from './embedded-server';

// No `.js` suffix: jest loads global setup with Node's require (through the transform), without
// the moduleNameMapper that maps `./x.js` to `./x.ts` in test files.

declare global {
  var embeddedTestServer: EmbeddedTestServer | undefined;
}

/**
 * jest globalSetup: without TEST_DATABASE_URL, one embedded PostgreSQL serves the whole run
 * (each test file still gets its own databases on it); globalTeardown stops it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const started = Date.now();
  const server = await startEmbeddedTestServer();
  globalThis.embeddedTestServer = server;
  // The workers inherit this process's environment.
  process.env[EMBEDDED_URL_VARIABLE] = server.url;
  console.log(
    `\nembedded test PostgreSQL at ${server.url} (${server.root}), up in ${Date.now() - started} ms; set TEST_DATABASE_URL to use an existing server`,
  );
}

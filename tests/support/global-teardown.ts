/** jest globalTeardown (runs also when tests failed): stops the run's embedded PostgreSQL, deletes its folder. */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.embeddedTestServer;
  globalThis.embeddedTestServer = undefined;
  await server?.stop();
}

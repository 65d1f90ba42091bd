import { spawnSync } from 'node:child_process';

/** Redis used by the tests of the shared response cache. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Synchronous, so a suite can decide before it is declared: does anything answer PING there?
 * Without Redis the suite is skipped and one line says what to set or start.
 */
export function describeWithRedis(what = 'Redis cache tests'): jest.Describe {
  const { hostname, port } = new URL(TEST_REDIS_URL);
  const probe = `const s=require('net').connect(${Number(port) || 6379},'${hostname}',()=>s.write('PING\\r\\n'));s.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),1000);`;
  if (spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0) return describe;
  // Straight to stderr: one line, not a console block with a stack location.
  process.stderr.write(`${what} skipped: no Redis at ${TEST_REDIS_URL} (start redis-server, or set TEST_REDIS_URL)\n`);
  return describe.skip;
}

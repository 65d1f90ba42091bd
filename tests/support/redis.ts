import { spawnSync } from 'node:child_process';
import { announceSkip } from './skip.js';

/** Redis used by the tests of the shared response cache. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Synchronous, so a suite can decide before it is declared: does anything answer PING there?
 * Without Redis the suite is skipped and one line says what to set or start.
 */
export function describeWithRedis(what = 'Redis cache tests'): jest.Describe {
  const { hostname, port } = new URL(TEST_REDIS_URL);
  const probe = `const s=require('net').connect(${Number(port) || 6379},'${hostname}',()=>s.write('PING\\r\\n'));s.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),5000);`;
  // Generous: on a busy machine starting the probe's node alone can take seconds, and a Redis that is
  // there must not be reported missing.
  if (spawnSync(process.execPath, ['-e', probe], { timeout: 20000 }).status === 0) return describe;
  announceSkip(what, `no Redis answers PING at ${TEST_REDIS_URL} (apt-get install -y redis-server and start it, or set TEST_REDIS_URL; .ci/run starts one)`);
  return describe.skip;
}

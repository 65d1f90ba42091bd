import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readPostmasterPid } from '../platform/embedded-pg/postmaster.js';
import { spawn } from 'node:child_process';

/**
 * `node dist/scripts/db-restart-timing.js [runs]`: a country node (its own process, embedded
 * PostgreSQL in a temp folder) has its postmaster killed (SIGKILL) `runs` times; for each, the
 * time until the node answers a query again (it restarts the database itself), and what it
 * answered meanwhile (polled every 20 ms).
 */
const runs = Number(process.argv[2] ?? 5);

type Answer = { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
const ask = (url: string): Promise<Answer> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ events { totalCount } }' }) })
    .then((r) => r.json() as Promise<Answer>)
    .catch(() => ({ errors: [{ extensions: { code: 'NO_ANSWER' } }] }));

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilo-db-restart-'));
  fs.chmodSync(dataDir, 0o755);
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'subgraphs', 'country', 'index.js'), '--country', 'KG', '--port', '0'], {
    env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`node exited with ${code}: ${out}`)));
    });
    const node = { url, child };
    const times: number[] = [];
    const codes = new Map<string, number>();
    for (let i = 0; i < runs; i++) {
      const pid = readPostmasterPid(path.join(dataDir, 'kg'))!.pid;
      const t0 = Date.now();
      process.kill(pid, 'SIGKILL');
      for (;;) {
        const res = await ask(node.url);
        if (!res.errors) break;
        for (const e of res.errors) codes.set(String(e.extensions?.code), (codes.get(String(e.extensions?.code)) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 20));
      }
      times.push(Date.now() - t0);
      await new Promise((r) => setTimeout(r, 500));
    }
    times.sort((a, b) => a - b);
    console.log(
      `postmaster SIGKILL to the node answering again: min ${times[0]} ms, median ${times[Math.floor(times.length / 2)]} ms, max ${times[times.length - 1]} ms over ${runs} runs (node process never restarted: pid ${node.child.pid}, still running: ${node.child.exitCode === null})`,
    );
    console.log(`answers meanwhile: ${[...codes].map(([c, n]) => `${c} ×${n}`).join(', ') || 'none failed'}`);
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

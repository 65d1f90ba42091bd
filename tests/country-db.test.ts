/**
 * The country node's two database paths: an external server named by DATABASE_URL (migrations,
 * seeding once, restart keeps data) and the embedded default (the compiled node as a country office
 * runs it: cluster under DATA_DIR, clean SIGINT, warm restart keeps data).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCountryNodeConfig } from '../platform/config.js';
import { readSeedFile } from '../subgraphs/country/seed/seed.js';
import { COUNTRY_MIGRATIONS } from '../subgraphs/country/data/data-source.js';
import { startCountryNode, type CountryNode } from '../subgraphs/country/server.js';
import { createTestDatabase, describeOnExternalServer, type TestDatabase } from './support/db.js';
import { generateCountryData, insertCountryData } from './support/generate.js';
import { postGraphQL } from './support/nodes.js';

const COUNTS = `{ events(first: 0) { totalCount } programmes(first: 0) { totalCount } partnerships(first: 0) { totalCount } organisations(first: 0) { totalCount } }`;

async function counts(url: string) {
  const res = await postGraphQL(url, COUNTS);
  expect(res.errors).toBeUndefined();
  const d = res.data;
  return {
    events: d.events.totalCount,
    programmes: d.programmes.totalCount,
    partnerships: d.partnerships.totalCount,
    organisations: d.organisations.totalCount,
  };
}

describeOnExternalServer('external PostgreSQL (DATABASE_URL)', () => {
  let db: TestDatabase;
  let node: CountryNode | undefined;
  const start = () => startCountryNode(loadCountryNodeConfig(['--country', 'AZ', '--port', '0'], { NODE_ENV: 'test', DATABASE_URL: db.url }));

  beforeAll(async () => {
    db = await createTestDatabase('ext_az');
  });
  afterAll(async () => {
    await node?.close();
    await db?.drop();
  });

  test('migrates, seeds once, and a restart on the same database keeps data without reseeding', async () => {
    node = await start();
    const health = (await (await fetch(node.url.replace(/graphql$/, 'health'))).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', country: 'AZ', database: 'external' });

    const migrations: Array<{ name: string }> = await node.ds.query('SELECT name FROM migrations ORDER BY id');
    expect(migrations.map((m) => m.name)).toEqual(COUNTRY_MIGRATIONS.map((m) => m.name));
    const seed = readSeedFile('AZ')!;
    const first = await counts(node.url);
    expect(first).toEqual({
      events: seed.events.length,
      programmes: seed.programmes.length,
      partnerships: seed.partnerships.length,
      organisations: seed.organisations.length,
    });

    // Data written after the seed (as an editor would) must survive the restart.
    const extra = generateCountryData('AZ', { events: 3, programmes: 1, seed: 11 });
    await insertCountryData(node.ds, extra);
    const before = await counts(node.url);
    expect(before.events).toBe(seed.events.length + 3);
    await node.close();
    node = undefined;

    node = await start();
    expect(await counts(node.url)).toEqual(before);
    const again: Array<{ name: string }> = await node.ds.query('SELECT name FROM migrations');
    expect(again).toHaveLength(COUNTRY_MIGRATIONS.length);
    // No duplicates at the row level either: the seed's ILO appears once (the synthetic one is g-…).
    const [{ n }] = await node.ds.query(`SELECT COUNT(*)::int AS n FROM organisation WHERE global_ref = 'XM-DAC-41302' AND id NOT LIKE 'AZ:ORG:g-%'`);
    expect(n).toBe(1);
    const ev = await postGraphQL(node.url, `query($id: ID!) { event(id: $id) { id title { original } } }`, { id: extra.events[0].id });
    expect(ev.data.event).toEqual({ id: extra.events[0].id, title: { original: extra.events[0].title.original } });
  });
});

describe('embedded PostgreSQL (no DATABASE_URL)', () => {
  const ENTRY = path.resolve(__dirname, '../dist/subgraphs/country/index.js');
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'country-embedded-'));
    // As root, PostgreSQL runs as a `postgres` system user, which must be able to reach the folder.
    fs.chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Spawns the compiled node; resolves with its URL and the ms from spawn to the "ready" line. */
  function spawnNode(): Promise<{ url: string; ms: number; output: () => string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' };
    delete env.DATABASE_URL;
    delete env.COUNTRY;
    delete env.PORT;
    const started = Date.now();
    const proc = spawn(process.execPath, [ENTRY, '--country', 'KG', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    return new Promise((resolve, reject) => {
      proc.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /ready in \d+ ms at (http:\/\/\S+\/graphql)/.exec(out);
        if (m) resolve({ url: m[1], ms: Date.now() - started, output: () => out });
      });
      proc.stderr!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      proc.once('exit', (code) => reject(new Error(`node exited early with ${code}:\n${out}`)));
    });
  }

  function stopWithSigint(): Promise<number | null> {
    const proc = child!;
    return new Promise((resolve) => {
      proc.once('exit', (code) => resolve(code));
      proc.kill('SIGINT');
    });
  }

  test('cold start initialises a cluster under DATA_DIR, serves, and exits 0 on SIGINT; a warm start keeps the data', async () => {
    expect(ENTRY.endsWith('.js') && fs.existsSync(ENTRY)).toBe(true); // built by `npm test` (tsc) first

    const cold = await spawnNode();
    expect(cold.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(cold.url).not.toMatch(/:0\//);
    const health = (await (await fetch(cold.url.replace(/graphql$/, 'health'))).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', country: 'KG', database: 'embedded' });
    const seeded = await counts(cold.url);
    expect(seeded.events).toBe(readSeedFile('KG')!.events.length);
    expect(seeded.events).toBeGreaterThan(0);
    const firstPage = await postGraphQL(cold.url, `{ events(first: 3) { nodes { id title { original } } } }`);
    expect(firstPage.errors).toBeUndefined();
    expect(await stopWithSigint()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'kg', 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'kg', 'postmaster.pid'))).toBe(false); // PostgreSQL was stopped cleanly

    const warm = await spawnNode();
    expect(await counts(warm.url)).toEqual(seeded);
    const again = await postGraphQL(warm.url, `{ events(first: 3) { nodes { id title { original } } } }`);
    expect(again.data).toEqual(firstPage.data);
    expect(warm.output()).not.toMatch(/seeded KG/); // not reseeded
    expect(warm.output()).not.toMatch(/initialising embedded PostgreSQL/);
    expect(await stopWithSigint()).toBe(0);

    console.log(`country node KG startup (spawn → ready line): cold ${cold.ms} ms (initdb + migrate + seed), warm ${warm.ms} ms`);
  }, 180_000);
});

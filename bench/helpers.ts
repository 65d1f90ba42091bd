/** Small pieces the bench's scenarios share: resource cleanup, GraphQL calls, sequential probes. */
import os from 'node:os';
import { createCountryDataSource } from '../subgraphs/country/data/data-source.js';
import { postJson, sqlStatements, type BenchNode } from './cluster.js';
import { median } from './load.js';
import { pageBody } from './queries.js';
import type { SqlRecord } from './report.js';

/** Everything started, closed in reverse order exactly once (normal end, error or Ctrl-C). */
export class Resources {
  private list: Array<{ name: string; close: () => Promise<void> }> = [];
  add(name: string, close: () => Promise<void>): () => Promise<void> {
    const entry = { name, close };
    this.list.push(entry);
    return async () => {
      this.list = this.list.filter((e) => e !== entry);
      await close();
    };
  }
  async closeAll(): Promise<void> {
    for (const entry of this.list.reverse()) {
      try {
        await entry.close();
      } catch (error) {
        console.error(`closing ${entry.name}: ${(error as Error).message}`);
      }
    }
    this.list = [];
  }
}

/** Runs a bench tool's `main`, then closes what it started and exits (with 1 when it threw). */
export function runTool(main: (res: Resources) => Promise<void>): void {
  const res = new Resources();
  main(res)
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(async () => {
      await res.closeAll();
      process.exit(process.exitCode ?? 0);
    });
}

/** Opens a country database from the bench process (migrating it if new), runs `fn`, closes it. */
export async function withCountryDb(url: string, fn: (ds: ReturnType<typeof createCountryDataSource>) => Promise<void>): Promise<void> {
  const ds = createCountryDataSource(url);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'all' });
    await fn(ds);
  } finally {
    await ds.destroy();
  }
}

export async function gql(url: string, body: string): Promise<any> {
  const res = await postJson(url, body);
  if (res.errors?.length) throw new Error(`${url}: ${JSON.stringify(res.errors).slice(0, 500)}`);
  return res.data;
}

/** Cursor after `pages` pages of 50 (the `after` of page pages+1), or null when the walk ends first. */
export async function cursorAfter(url: string, pages: number): Promise<{ after: string | null; reached: number }> {
  let after: string | null = null;
  for (let page = 1; page <= pages; page++) {
    const data = await gql(url, pageBody(50, after, false));
    if (!data.events.pageInfo.hasNextPage) return { after: null, reached: page };
    after = data.events.pageInfo.endCursor;
  }
  return { after, reached: pages + 1 };
}

/** Sequential requests; SQL statements the watched nodes ran per request. */
export async function sqlPerRequest(label: string, url: string, body: string, watched: BenchNode[], requests = 30): Promise<SqlRecord> {
  const sum = async () => (await Promise.all(watched.map(sqlStatements))).reduce((a, b) => a + b, 0);
  const before = await sum();
  for (let i = 0; i < requests; i++) await gql(url, body);
  const statements = (await sum()) - before;
  return { label, requests, statements, perRequest: statements / requests };
}

export async function sequentialP50(url: string, body: string, n = 20): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await gql(url, body);
    times.push(performance.now() - start);
  }
  return median(times);
}

export const cpuText = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');

export const sortStats = (rows: Array<{ country: string; year: number | null }>) =>
  JSON.stringify([...rows].sort((a, b) => a.country.localeCompare(b.country) || (a.year ?? -1) - (b.year ?? -1)));

/** The machine and its load right now, as the side-by-side tools print it before their figures. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `machine: ${cpus[0]?.model.trim()}, ${cpus.length} cores, Node ${process.version}; load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;
}

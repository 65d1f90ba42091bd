/**
 * The reviewed fact lists (facts.yaml, people.yaml, added-fields.yaml, attribution.yaml beside this file): each
 * entry is one fact a source document states, the verbatim evidence, and what the federation must
 * serve for it, as a GraphQL query and a fragment of the expected answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const DOCUMENTS: Record<string, string> = {
  '000': '000_3d0f0d7b30ad1e7d.txt',
  '001': '001_b16c5bce5a712261.txt',
  '002': '002_5e5e7d21eac4eae7.txt',
  '003': '003_89c439e81e12cbdd.txt',
  '004': '004_9952d83471ebc5f9.txt',
};

/** Root fields a fact can name instead of writing its query: `event: <id>` + `select`. */
const BY_ID = ['event', 'programme', 'organisation', 'partnership', 'person'] as const;

export interface Fact {
  id: string;
  /** Short document code (000…004). */
  doc: string;
  /** Verbatim from the document. */
  evidence: string;
  /** The fact in plain English. */
  fact: string;
  /** The entry adds a check to this fact (e.g. its date) rather than being a fact of its own. */
  extends?: string;
  query: string;
  expect: unknown;
}

interface RawFact extends Omit<Fact, 'query' | 'expect'> {
  query?: string;
  select?: string;
  expect: unknown;
  [root: string]: unknown;
}

/** One record by id (`event: KG:EVT:…`) or country code (`country: KG`), or a full `query`. */
function toFact(raw: RawFact, file: string): Fact {
  if (!raw.id || !raw.doc || !raw.evidence || !raw.fact || raw.expect === undefined) {
    throw new Error(`${file}: fact ${raw.id ?? '?'} needs id, doc, evidence, fact and expect`);
  }
  if (raw.query) return { ...raw, query: raw.query, expect: raw.expect };
  const root = [...BY_ID, 'country'].find((r) => typeof raw[r] === 'string');
  if (!root || !raw.select) throw new Error(`${file}: fact ${raw.id} needs a query, or a record (${BY_ID.join('/')}/country) and select`);
  const arg = root === 'country' ? `code: ${raw[root]}` : `id: ${JSON.stringify(raw[root])}`;
  return { ...raw, query: `{ ${root}(${arg}) { ${raw.select} } }`, expect: { [root]: raw.expect } };
}

export function readFacts(file: string): Fact[] {
  const raw = parse(fs.readFileSync(path.join(__dirname, file), 'utf8')) as RawFact[];
  return raw.map((f) => toFact(f, file));
}

/**
 * Null when `actual` has everything `expected` states, else the path and reason of the first
 * difference. Objects: every expected key. Arrays: every expected element matches a distinct
 * element (an empty expected array means empty). `{ $contains: s }`: a string containing s.
 * `{ $set: [...] }`: the same elements in any order, nothing else.
 */
export function mismatch(actual: unknown, expected: unknown, at = ''): string | null {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(actual, expected) ? null : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected a list, got ${JSON.stringify(actual)}`;
    if (!expected.length) return actual.length ? `${at}: expected an empty list, got ${actual.length} items` : null;
    const free = [...actual];
    for (const [i, e] of expected.entries()) {
      const hit = free.findIndex((a) => mismatch(a, e) === null);
      if (hit < 0) return `${at}[${i}]: no element matches ${JSON.stringify(e)} in ${JSON.stringify(actual).slice(0, 300)}`;
      free.splice(hit, 1);
    }
    return null;
  }
  const e = expected as Record<string, unknown>;
  if ('$contains' in e) {
    return typeof actual === 'string' && actual.includes(String(e.$contains))
      ? null
      : `${at}: expected text containing ${JSON.stringify(e.$contains)}, got ${JSON.stringify(actual)}`;
  }
  if ('$set' in e) {
    const want = e.$set as unknown[];
    if (!Array.isArray(actual) || actual.length !== want.length) return `${at}: expected exactly ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`;
    return mismatch(actual, want, at);
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at}: expected an object, got ${JSON.stringify(actual)}`;
  for (const [k, v] of Object.entries(e)) {
    const m = mismatch((actual as Record<string, unknown>)[k], v, `${at}.${k}`);
    if (m) return m;
  }
  return null;
}

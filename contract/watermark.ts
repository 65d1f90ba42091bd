import { badInput } from './errors.js';

/**
 * A change-feed watermark: one position per country node, opaque to clients (base64url JSON),
 * shared by the nodes (each reads and moves its own entry) and the gateway (which keeps the
 * entries of nodes that did not answer). A position is `<counter>.<epoch>`: the node's
 * commit-ordered counter and the identity of its log, so a position from another database is
 * recognised rather than silently misread.
 */
export type Watermark = Map<string, string>;

const VERSION = 1;
/** 50 countries' positions are about 1,500 characters; anything much longer is not ours. */
const MAX_LENGTH = 20_000;
const COUNTRY = /^[A-Z]{2}$/;
const POSITION = /^(\d{1,19})\.([a-z0-9]{1,32})$/;

export function encodeWatermark(watermark: Watermark): string {
  const positions = Object.fromEntries([...watermark].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return Buffer.from(JSON.stringify({ v: VERSION, p: positions }), 'utf8').toString('base64url');
}

/** The watermark in `value`, or null when it is not one (the caller decides how to refuse it). */
export function tryDecodeWatermark(value: string): Watermark | null {
  if (value.length > MAX_LENGTH || !/^[A-Za-z0-9_-]*$/.test(value)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const p = (parsed as { p?: unknown } | null)?.p;
  if ((parsed as { v?: unknown } | null)?.v !== VERSION || !p || typeof p !== 'object' || Array.isArray(p)) return null;
  const out: Watermark = new Map();
  for (const [country, position] of Object.entries(p)) {
    if (!COUNTRY.test(country) || typeof position !== 'string' || !POSITION.test(position)) return null;
    out.set(country, position);
  }
  return out;
}

/** `since` as a client sent it: absent is the start of every log; anything not ours is BAD_USER_INPUT. */
export function decodeWatermark(value: string | null | undefined, field = 'since'): Watermark {
  if (value === null || value === undefined || value === '') return new Map();
  const watermark = tryDecodeWatermark(value);
  if (!watermark) throw badInput(`${field} is not a watermark returned by this API`, field);
  return watermark;
}

export function isPosition(value: unknown): value is string {
  return typeof value === 'string' && POSITION.test(value);
}

export function formatPosition(counter: bigint | string, epoch: string): string {
  return `${counter}.${epoch}`;
}

export function parsePosition(position: string): { counter: bigint; epoch: string } {
  const m = POSITION.exec(position);
  if (!m) throw new Error(`not a position: ${position}`);
  return { counter: BigInt(m[1]!), epoch: m[2]! };
}

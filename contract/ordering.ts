import { badInput } from './errors.js';
import { isStorableText } from './strings.js';
import { isIsoDate } from './scalars.js';

/**
 * The total orders of every connection, shared by the country node (SQL keyset) and the gateway
 * (k-way merge), so both sides agree on what "after this cursor" means.
 *
 * Sort key first (undated records last in every order), then id ascending. A cursor is a
 * position in that global order, not a per-node offset: every node can answer "rows after
 * (key, id)" for its own data, so one cursor serves all nodes and survives nodes coming and going.
 */
export type OrderName = 'START_DATE_DESC' | 'START_DATE_ASC' | 'UPDATED_AT_DESC' | 'ID_ASC';

export interface Position {
  /** Start date (`YYYY-MM-DD`), updatedAt (ISO, ms) or null; always null for ID_ASC. */
  key: string | null;
  id: string;
}

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

export function encodeCursor(order: OrderName, position: Position): string {
  return Buffer.from(JSON.stringify([order, position.key, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(order: OrderName, cursor: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput('after is not a cursor returned by this API', 'after');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[2] !== 'string' || (parsed[1] !== null && typeof parsed[1] !== 'string')) {
    throw badInput('after is not a cursor returned by this API', 'after');
  }
  if (parsed[0] !== order) {
    throw badInput(`after is a cursor for order ${String(parsed[0])}, but this page is ordered by ${order}`, 'after');
  }
  // The key goes into SQL as a date/timestamp: a tampered one must be bad input, not a database error.
  const key = parsed[1] as string | null;
  const validKey =
    order === 'ID_ASC'
      ? key === null
      : order === 'UPDATED_AT_DESC'
        ? key !== null && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(key) && !Number.isNaN(Date.parse(key))
        : key === null || isIsoDate(key);
  // The id goes into SQL too: a NUL inside a tampered cursor would be a database error.
  if (!validKey || !isStorableText(parsed[2])) throw badInput('after is not a cursor returned by this API', 'after');
  return { key, id: parsed[2] };
}

/** Sort direction of a key; `null` orders by id alone. */
export type KeyDirection = 'ASC' | 'DESC' | null;

/** The direction of each order's sort key (the id tie-break is always ascending). */
export const ORDER_DIRECTION: Record<OrderName, KeyDirection> = {
  START_DATE_DESC: 'DESC',
  START_DATE_ASC: 'ASC',
  UPDATED_AT_DESC: 'DESC',
  ID_ASC: null,
};

/**
 * The row field whose value is an order's sort key (the cursor's `key`); null: by id alone. A
 * row that says where it sorts must agree with its cursor (the export checks every row).
 */
export const ORDER_KEY_FIELD: Record<OrderName, string | null> = {
  START_DATE_DESC: 'startDate',
  START_DATE_ASC: 'startDate',
  UPDATED_AT_DESC: 'updatedAt',
  ID_ASC: null,
};

export function isOrderName(value: unknown): value is OrderName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ORDER_DIRECTION, value);
}

/**
 * Negative when `a` comes first: by key in `direction` with missing keys last, then by id. Keys
 * compare as strings, which is their order for the ISO dates and timestamps cursors carry.
 */
export function compareKeyed(direction: KeyDirection, a: Position, b: Position): number {
  if (direction !== null && a.key !== b.key) {
    if (a.key === null) return 1;
    if (b.key === null) return -1;
    const byKey = a.key < b.key ? -1 : 1;
    return direction === 'ASC' ? byKey : -byKey;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function comparePositions(order: OrderName, a: Position, b: Position): number {
  return compareKeyed(ORDER_DIRECTION[order], a, b);
}

/**
 * The gateway reads each cursor of a page twice (checking the node's answer, then merging it):
 * decoding is most of the check's cost, a lookup here almost none. Bounded: cleared when full.
 */
const decoded = new Map<string, Readonly<Position> | null>();
const DECODED_LIMIT = 4096;

/**
 * The position a cursor stands for, whatever its order (the gateway merges pages without knowing
 * order names; each node validates the order itself). Null for anything that is not a cursor.
 * The same object may be returned for the same cursor: do not change it.
 */
export function cursorPosition(cursor: string): Readonly<Position> | null {
  const known = decoded.get(cursor);
  if (known !== undefined) return known;
  let position: Position | null = null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && typeof parsed[2] === 'string' && (parsed[1] === null || typeof parsed[1] === 'string')) {
      position = { key: parsed[1], id: parsed[2] };
    }
  } catch {
    // not a cursor
  }
  if (decoded.size >= DECODED_LIMIT) decoded.clear();
  if (cursor.length <= 512) decoded.set(cursor, position);
  return position;
}

/** Validates `first`: default 50, 0..500; anything else is the client's mistake. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  return first;
}

/**
 * Orders groups by their key values, first key first, nulls last; the same on node and gateway
 * so a merged list is ordered exactly as one node orders its own.
 */
export function compareGroupKeys(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string | number | null | undefined;
    const y = b[i] as string | number | null | undefined;
    if (x === y) continue;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

import { ownerOf } from '../../contract/sharding.js';
import type { ExportRule, RowField, ValueShape } from '../sharding/spec.js';
import { scalarCheck, type ScalarCheck } from '../validate/scalar-check.js';

/** A value that is not what the export promises; the message names where (`node.title.translations.0.lang`). */
export class RowError extends Error {}

/**
 * Checks a row's value and returns it canonical (an object rebuilt with exactly its keys, in
 * order). Compiled once per declared field with its path in the row, so the check of a row
 * builds no strings unless it fails (only a list item's index is added then).
 */
type Check = (value: unknown, country: string) => unknown;

function fail(path: string, what: string): never {
  throw new RowError(`${path} ${what}`);
}

function valueCheck(shape: ValueShape, path: string, scalars: ReadonlyMap<string, ScalarCheck>): Check {
  switch (shape.kind) {
    case 'leaf': {
      const values = shape.values;
      const ok = values ? (v: unknown) => typeof v === 'string' && values.has(v) : scalarCheck(shape.type, scalars);
      const what = values ? 'is not an allowed value' : `is not a value of ${shape.type}`;
      return (v) => (ok(v) ? v : fail(path, what));
    }
    case 'ref': {
      // References stay within a country: a node's row can only point at its own records.
      const by = shape.by;
      return (v, country) => (ownerOf(v, by) === country ? v : fail(path, `names another country than ${country}`));
    }
    case 'object': {
      const fields = shape.fields.map((f) => [f.key, fieldCheck(f, `${path}.${f.key}`, scalars)] as const);
      return (v, country) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'is not an object');
        const o = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [key, check] of fields) out[key] = check(o[key], country);
        return out;
      };
    }
  }
}

function fieldCheck(field: RowField, path: string, scalars: ReadonlyMap<string, ScalarCheck>): Check {
  const item = valueCheck(field.shape, field.list ? `${path}.#` : path, scalars);
  if (!field.list) return (v, country) => (v === null || v === undefined ? (field.nullable ? null : fail(path, 'is missing')) : item(v, country));
  const itemNullable = field.itemNullable;
  return (v, country) => {
    if (v === null || v === undefined) return field.nullable ? null : fail(path, 'is missing');
    if (!Array.isArray(v)) fail(path, 'is not a list');
    const out = new Array<unknown>((v as unknown[]).length);
    (v as unknown[]).forEach((x, i) => {
      try {
        out[i] = x === null || x === undefined ? (itemNullable ? null : fail(`${path}.#`, 'is missing')) : item(x, country);
      } catch (error) {
        // The item's index in place of `#` (the first one: this list's own).
        if (error instanceof RowError) throw new RowError(error.message.replace(`${path}.#`, `${path}.${i}`));
        throw error;
      }
    });
    return out;
  };
}

/**
 * The check of an exported list's rows, compiled once from what the subgraph declared: each row
 * is an object of the declared fields' values of their declared types (a node's line is
 * untrusted), rebuilt with exactly the declared keys in their order, so what a client gets is
 * canonical whatever the sender wrote; its own key names the node that sent it.
 */
export function rowCheck(rule: ExportRule, scalars: ReadonlyMap<string, ScalarCheck>): (value: unknown, country: string) => Record<string, unknown> {
  const check = valueCheck({ kind: 'object', typename: rule.rowType, fields: rule.fields }, 'node', scalars);
  return (value, country) => {
    const row = check(value, country) as Record<string, unknown>;
    if (ownerOf(row[rule.owner.key], rule.owner.by) !== country) fail(`node.${rule.owner.key}`, `names another country than ${country}`);
    return row;
  };
}

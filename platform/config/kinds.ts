import { Type, type TSchema } from '@sinclair/typebox';
import { ConfigError } from './error.js';

/**
 * One parser per kind of value, shared by every setting of that kind whether it comes from the
 * environment or a configuration file, so `SEED_ON_START=0` and `INTROSPECTION=0` mean the same.
 * A bad value is refused with one line naming the setting, the value and what is accepted.
 */
export interface Kind<T> {
  /** What is accepted, for error messages and the generated reference. */
  accepts: string;
  parse(raw: string, name: string): T;
  /** What a configuration file may hold for it (YAML scalars, or a list/map for list settings). */
  schema: TSchema;
  /** A file value in the environment variable's syntax, so both go through `parse`. */
  fromFile(value: unknown): string;
}

export function refuse(name: string, raw: string, accepts: string): never {
  throw new ConfigError(`${name}=${JSON.stringify(raw)} is not accepted: expected ${accepts}`);
}

const scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const scalarText = (value: unknown) => String(value);

function kind<T>(accepts: string, parse: (raw: string, name: string) => T, extra: Partial<Kind<T>> = {}): Kind<T> {
  return { accepts, parse, schema: scalar, fromFile: scalarText, ...extra };
}

/**
 * One boolean dialect for every switch: true/false, yes/no, on/off, 1/0, any case. It is the
 * union of what the switches accepted before (RESPONSE_CACHE=on, IDE=1, SEED_ON_START=false),
 * so no deployment's value changes meaning, and a misspelling is refused instead of read as true.
 */
export const boolean: Kind<boolean> = kind('true, false, yes, no, on, off, 1 or 0', (raw, name) => {
  const text = raw.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0'].includes(text)) return false;
  return refuse(name, raw, boolean.accepts);
});

export interface IntRange {
  min?: number;
  max?: number;
}

function rangeText({ min, max }: IntRange): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return min === 0 ? '0 or more' : `${min} or more`;
  return max !== undefined ? `up to ${max}` : 'any';
}

function inRange(n: number, { min, max }: IntRange): boolean {
  return Number.isSafeInteger(n) && (min === undefined || n >= min) && (max === undefined || n <= max);
}

export function integer(range: IntRange = {}): Kind<number> {
  const accepts = `a whole number ${rangeText(range)}`;
  return kind(accepts, (raw, name) => {
    const n = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
    return inRange(n, range) ? n : refuse(name, raw, accepts);
  });
}

export const port = integer({ min: 0, max: 65535 });

const DURATION_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type DurationUnit = 's' | 'ms';

/**
 * `500ms`, `2s`, `5m`, `12h`, `90d`. A bare number keeps the unit the setting always had
 * (milliseconds for the `*_MS` variables, seconds for the others), so existing deployments read
 * the same; the result is in that unit and must be a whole number of it.
 */
export function duration(unit: DurationUnit, range: IntRange = {}): Kind<number> {
  const bounds = range.min !== undefined || range.max !== undefined ? `, ${rangeText(range)} ${unit === 'ms' ? 'ms' : 's'}` : '';
  const accepts = `a duration such as 500ms, 2s, 5m, 12h or 90d (a bare number is ${unit === 'ms' ? 'milliseconds' : 'seconds'})${bounds}`;
  return kind(accepts, (raw, name) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(raw);
    if (!match) return refuse(name, raw, accepts);
    const ms = Number(match[1]) * DURATION_MS[(match[2] ?? unit) as keyof typeof DURATION_MS];
    const value = unit === 'ms' ? ms : ms / 1000;
    return inRange(value, range) ? value : refuse(name, raw, accepts);
  });
}

const SIZE_BYTES: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };

/**
 * `64MB`, `512KB`, `1GB` (binary multiples: MB = MiB, as the settings always counted them), in
 * bytes. A bare number keeps the setting's unit (`bareUnit`, e.g. MB for RESPONSE_CACHE_MAX_MB).
 */
export function size(bareUnit: 'B' | 'MB' = 'B', range: IntRange = { min: 1 }): Kind<number> {
  const accepts = `a size such as 512KB, 64MB or 1GB (a bare number is ${bareUnit === 'B' ? 'bytes' : 'MB'})${range.min && range.min > 1 ? `, at least ${range.min} bytes` : ''}`;
  return kind(accepts, (raw, name) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/i.exec(raw);
    const unit = (match?.[2] ?? bareUnit).toLowerCase();
    if (!match || !(unit in SIZE_BYTES)) return refuse(name, raw, accepts);
    const bytes = Number(match[1]) * SIZE_BYTES[unit]!;
    return inRange(bytes, range) ? bytes : refuse(name, raw, accepts);
  });
}

export function url(protocols: string[]): Kind<string> {
  const accepts = `a URL starting ${protocols.map((p) => `${p}//`).join(' or ')}`;
  return kind(accepts, (raw, name) => {
    try {
      if (protocols.includes(new URL(raw.trim()).protocol)) return raw.trim();
    } catch {
      // refused below
    }
    return refuse(name, raw, accepts);
  });
}

export function oneOf<T extends string>(values: readonly T[]): Kind<T> {
  const accepts = `one of ${values.join(', ')}`;
  return kind(accepts, (raw, name) => {
    const text = raw.trim().toLowerCase() as T;
    return values.includes(text) ? text : refuse(name, raw, accepts);
  });
}

export const text: Kind<string> = kind('any text', (raw) => raw);

/** A setting with its own grammar (a list, a map): its existing parser, and what a file may hold. */
export function custom<T>(accepts: string, parse: (raw: string, name: string) => T, form: 'list' | 'map' | 'scalar' = 'scalar'): Kind<T> {
  if (form === 'list')
    return kind(accepts, parse, {
      schema: Type.Union([scalar, Type.Array(Type.String())]),
      fromFile: (v) => (Array.isArray(v) ? v.join(',') : String(v)),
    });
  if (form === 'map')
    return kind(accepts, parse, {
      schema: Type.Union([Type.String(), Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))]),
      fromFile: (v) =>
        typeof v === 'object' && v !== null
          ? Object.entries(v)
              .map(([k, x]) => `${k}=${String(x)}`)
              .join(',')
          : String(v),
    });
  return kind(accepts, parse);
}

import { ConfigError } from './config/error.js';
import { boolean, duration } from './config/kinds.js';

export { ConfigError };

export type Env = Record<string, string | undefined>;

export function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

export function nonNegativeInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** The one boolean dialect (platform/config/kinds.ts). */
export function flag(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  return boolean.parse(value, name);
}

const SECONDS = duration('s');

/** `12h`, `30m`, `45s` or plain seconds (the duration parser of platform/config/kinds.ts). */
export function seconds(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  return SECONDS.parse(value, name);
}

export type Environment = 'development' | 'test' | 'production';

export function environment(env: Env = process.env): Environment {
  const value = env.NODE_ENV ?? 'development';
  if (value !== 'development' && value !== 'test' && value !== 'production') {
    throw new ConfigError(`NODE_ENV must be development, test or production, got "${value}"`);
  }
  return value;
}

export function isDevelopment(env: Env = process.env): boolean {
  return environment(env) !== 'production';
}

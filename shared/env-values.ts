/** Thrown for a missing or malformed setting; entry points print it and exit non-zero. */
export class ConfigError extends Error {}

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

export function flag(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|on|yes)$/i.test(value)) return true;
  if (/^(false|0|off|no)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

/** `12h`, `30m`, `45s` or plain seconds. */
export function seconds(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new ConfigError(`${name} must look like 45s, 30m, 12h or a number of seconds, got "${value}"`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
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

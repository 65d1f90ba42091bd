import type { Kind } from './kinds.js';

/** Who reads a setting: the three services, and the `npm start` / `npm run token` scripts. */
export type Service = 'gateway' | 'node' | 'regional' | 'start' | 'token';

export type Env = Record<string, string | undefined>;

/**
 * One setting: its environment variable (which keeps working as the override it always was), its
 * key in the service's configuration file, its kind of value, and the words of the generated
 * reference (docs/configuration.md). Defaults that depend on the environment or the service are
 * given by the loader that reads the setting; `default` only describes them.
 */
export interface Setting<T = unknown> {
  env: string;
  /** Dotted key in the configuration file (`http.drainTimeout`); absent for secrets, which only the environment may hold. */
  key?: string;
  services: readonly Service[];
  kind: Kind<T>;
  /** The default as the reference shows it. */
  default: string;
  doc: string;
}

export function setting<T>(definition: Setting<T>): Setting<T> {
  return definition;
}

/** The setting's parsed value, or `fallback` when it is unset or empty. */
export function read<T>(env: Env, s: Setting<T>, fallback: T): T;
export function read<T>(env: Env, s: Setting<T>): T | undefined;
export function read<T>(env: Env, s: Setting<T>, fallback?: T): T | undefined {
  const raw = env[s.env];
  if (raw === undefined || raw === '') return fallback;
  return s.kind.parse(raw, s.env);
}

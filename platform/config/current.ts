import type { Env } from './setting.js';

/**
 * The settings the running service was started with (its file under its environment). The HTTP
 * server, the embedded PostgreSQL and the page planner sit deep below the entry points and are
 * also built by tests without any loaded configuration, so they read this rather than take one
 * more argument down every call chain; without a loaded configuration it is the environment.
 */
let current: Env | null = null;

export function publishSettings(env: Env): void {
  current = env;
}

export function settingsEnv(): Env {
  return current ?? process.env;
}

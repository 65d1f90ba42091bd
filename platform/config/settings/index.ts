import type { Service, Setting } from '../setting.js';
import { DATA_SETTINGS } from './data.js';
import { EXPORT_SETTINGS } from './export.js';
import { GATEWAY, RESPONSE_CACHE } from './gateway.js';
import { HTTP, LIMITS } from './http.js';
import { LAST_KNOWN_SETTINGS } from './last-known.js';
import { SERVICE } from './service.js';
import { START } from './start.js';

/** Every setting by its environment variable: the one catalogue the loaders, the reference and the tests read. */
export const S = { ...SERVICE, ...HTTP, ...LIMITS, ...DATA_SETTINGS, ...GATEWAY, ...RESPONSE_CACHE, ...LAST_KNOWN_SETTINGS, ...START, ...EXPORT_SETTINGS };

export const SETTINGS: readonly Setting[] = Object.values(S) as Setting[];

export function settingsOf(service: Service): Setting[] {
  return SETTINGS.filter((s) => s.services.includes(service));
}

import { countryCode } from '../country-nodes.js';
import { duration, refuse } from '../kinds.js';

const ACCEPTS = 'CC=duration entries separated by commas, such as KG=8s,VN=12000';
const timeout = duration('ms', { min: 1 });

/** `KG=8s,VN=12000` (a bare number is milliseconds, as NODE_TIMEOUT_MS). */
export function parseNodeTimeouts(raw: string, name = 'NODE_TIMEOUTS'): Record<string, number> {
  const timeouts: Record<string, number> = {};
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) refuse(name, raw, ACCEPTS);
    const country = countryCode(part.slice(0, eq).trim(), `${name} country`);
    timeouts[country] = timeout.parse(part.slice(eq + 1), `${name} ${country}`);
  }
  return timeouts;
}

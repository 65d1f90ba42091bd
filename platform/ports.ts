import { ConfigError, type Env } from './env-values.js';

/** Known country offices and their default ports. Adding a country needs no code: see COUNTRY_NODES. */
export const DEFAULT_NODE_PORTS: Record<string, number> = { MN: 4101, KG: 4102, AZ: 4103, VN: 4104 };
export const DEFAULT_REGIONAL_PORT = 4001;
export const DEFAULT_GATEWAY_PORT = 4000;

/**
 * Ports of the nodes `npm start` runs: the known countries keep theirs, every other country gets
 * the next free one after them (4105, 4106, …) in the order given, so `COUNTRIES=TJ,UZ` never
 * puts two nodes on one port.
 */
export function nodePorts(countries: string[]): Map<string, number> {
  const ports = new Map<string, number>();
  const taken = new Set(Object.values(DEFAULT_NODE_PORTS));
  let next = Math.max(...taken) + 1;
  for (const country of countries) {
    const known = DEFAULT_NODE_PORTS[country];
    if (known !== undefined) {
      ports.set(country, known);
      continue;
    }
    while (taken.has(next)) next++;
    ports.set(country, next);
    taken.add(next);
  }
  return ports;
}

/** PORT_OFFSET shifts every default port, so a second stack (or a test) can run beside the first. */
export function portOffset(env: Env): number {
  const offset = Number(env.PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 60000) throw new ConfigError(`PORT_OFFSET must be an integer 0..60000, got "${env.PORT_OFFSET}"`);
  return offset;
}

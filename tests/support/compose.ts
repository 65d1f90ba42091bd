/** What compose does to `${VAR}`, `${VAR:?err}`, `${VAR:-default}` and `$$` with the given variables set. */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g, (match, name?: string, op?: string, arg?: string) => {
    if (match === '$$') return '$';
    const v = vars[name!];
    if (v !== undefined && (v !== '' || !op?.startsWith(':'))) return v;
    if (op?.endsWith('?')) throw new Error(`${name} is required: ${arg}`);
    return op ? (arg ?? '') : '';
  });
}

/** Every string of a parsed compose file interpolated, as `docker compose config` does before it validates. */
export function interpolateAll(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') return interpolate(value, vars);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, vars)]));
  return value;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/**
 * Milliseconds of a duration the schema already accepted ("500ms", "2s", "1.5m"). Three units
 * and one regular expression: smaller than a dependency, and the typed configuration's own
 * duration parser replaces it when that lands.
 */
export function durationMs(text: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m)$/.exec(text);
  if (!match) throw new Error(`not a duration: "${text}" (use e.g. "500ms", "2s", "1m")`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

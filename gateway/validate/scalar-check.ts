/** Whether a value is one a scalar may serialize to (e.g. Date: `YYYY-MM-DD`). */
export type ScalarCheck = (value: unknown) => boolean;

const BUILT_IN_SCALARS: ReadonlyMap<string, ScalarCheck> = new Map<string, ScalarCheck>([
  ['Int', (v) => Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647],
  ['Float', (v) => typeof v === 'number' && Number.isFinite(v)],
  ['String', (v) => typeof v === 'string'],
  ['Boolean', (v) => typeof v === 'boolean'],
  ['ID', (v) => typeof v === 'string'],
]);
/** A custom scalar the gateway has no check for: any JSON leaf. */
const ANY_LEAF: ScalarCheck = (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * The check of a scalar type's values, for node answers and exported rows alike: GraphQL's
 * built-in scalars', else the gateway's own check of a custom scalar (`scalars`), else any JSON leaf.
 */
export function scalarCheck(type: string, scalars: ReadonlyMap<string, ScalarCheck>): ScalarCheck {
  return BUILT_IN_SCALARS.get(type) ?? scalars.get(type) ?? ANY_LEAF;
}

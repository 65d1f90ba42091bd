import type { FieldNode } from 'graphql';
import { ownerOf, type OwnerBy } from '../../contract/sharding.js';
import { argumentAtPath } from '../operation.js';

/**
 * The one country that owns what a field asks for: the country prefix of an id argument
 * (`KG:EVT:…` → KG) or a country-code argument (`input.country`). Null when the argument names
 * no country; nothing is then asked (no node holds such a record).
 */
export function ownerFromArguments(field: FieldNode, variables: Record<string, unknown>, path: readonly string[], by: OwnerBy): string | null {
  return ownerOf(argumentAtPath(field, path, variables), by);
}

/** The countries a scattered field asks: all of them, or those named by its countries argument. */
export function targetCountries(field: FieldNode, variables: Record<string, unknown>, path: readonly string[] | null, all: readonly string[]): string[] {
  if (!path) return [...all];
  const named = argumentAtPath(field, path, variables);
  return Array.isArray(named) ? all.filter((c) => named.includes(c)) : [...all];
}

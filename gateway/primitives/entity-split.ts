import type { GraphQLFormattedError } from 'graphql';

/** Representations of one `_entities` fetch, split by the country that owns each. */
export interface EntitySplit {
  /** Owner of each representation, in request order (null: no node owns it). */
  owners: Array<string | null>;
  /** Per country: the request positions it answers and their representations, in order. */
  byCountry: Map<string, { positions: number[]; representations: unknown[] }>;
}

/** Splits representations by owner (Apollo's entity fetch, sharded): each node gets only its own. */
export function splitRepresentations(representations: unknown[], ownerOf: (representation: unknown) => string | null): EntitySplit {
  const owners = representations.map(ownerOf);
  const byCountry = new Map<string, { positions: number[]; representations: unknown[] }>();
  owners.forEach((owner, position) => {
    if (!owner) return;
    const part = byCountry.get(owner) ?? { positions: [], representations: [] };
    part.positions.push(position);
    part.representations.push(representations[position]);
    byCountry.set(owner, part);
  });
  return { owners, byCountry };
}

/**
 * Puts each node's answers back at their representations' positions; `fallback` fills the
 * positions whose node gave no answer (or that no node owns).
 */
export function reassembleEntities(split: EntitySplit, answered: Map<string, unknown[]>, fallback: (position: number) => unknown): unknown[] {
  const out: unknown[] = new Array(split.owners.length);
  const filled = new Set<number>();
  for (const [country, part] of split.byCountry) {
    const list = answered.get(country);
    if (!list) continue;
    part.positions.forEach((position, local) => {
      out[position] = list[local] ?? null;
      filled.add(position);
    });
  }
  for (let position = 0; position < out.length; position++) if (!filled.has(position)) out[position] = fallback(position);
  return out;
}

/** A node's error about its n-th entity, re-pointed at that entity's position in the whole fetch. */
export function entityErrorPath(split: EntitySplit, country: string, error: GraphQLFormattedError): GraphQLFormattedError {
  const local = error.path?.[1];
  const position = typeof local === 'number' ? split.byCountry.get(country)?.positions[local] : undefined;
  const root = error.path?.[0];
  if (position === undefined || root === undefined || !error.path) return error;
  return { ...error, path: [root, position, ...error.path.slice(2)] };
}

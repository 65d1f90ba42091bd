import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Convention } from '../entities/convention.entity.js';
import { CountryFacts } from '../entities/country-facts.entity.js';

/** Answers in key order, null for a key with no row (DataLoader's contract). */
function inKeyOrder<K, T>(rows: T[], keys: readonly K[], keyOf: (row: T) => K): Array<T | null> {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

/**
 * Request-scoped loaders: all `_entities` representations of one request (the gateway sends
 * them in one batch) cost one SQL statement per type, and results keep the request's order.
 */
export function createLoaders(ds: DataSource) {
  return {
    countryByCode: new DataLoader<string, CountryFacts | null>(async (codes) =>
      inKeyOrder(await ds.getRepository(CountryFacts).findBy({ code: In([...codes]) }), codes, (c) => c.code),
    ),
    conventionByNumber: new DataLoader<number, Convention | null>(async (numbers) =>
      inKeyOrder(await ds.getRepository(Convention).findBy({ number: In([...numbers]) }), numbers, (c) => c.number),
    ),
  };
}

export type RegionalLoaders = ReturnType<typeof createLoaders>;

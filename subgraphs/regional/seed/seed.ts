import fs from 'node:fs';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { settingsEnv } from '../../../platform/config/current.js';
import type { ConventionCategory } from '../../../contract/enums.js';
import { localizedFromSeed, readSeedData } from '../../../platform/seed-files.js';
import { Convention } from '../entities/convention.entity.js';
import { CountryFacts } from '../entities/country-facts.entity.js';
import type { RegionalSeedFile } from './seed-format.js';

/** The checked-in `regional.json`, or the file REGIONAL_SEED_FILE names (an office's own facts). */
export function readRegionalSeedFile(file = settingsEnv().REGIONAL_SEED_FILE): RegionalSeedFile | null {
  if (file) return JSON.parse(fs.readFileSync(file, 'utf8')) as RegionalSeedFile;
  return readSeedData<RegionalSeedFile>('regional', 'regional.json')?.data ?? null;
}

export interface RegionalSeedResult {
  inserted: number;
  skipped: number;
}

/**
 * Inserts the countries and conventions that are missing, in one transaction. Rows already
 * present are left as they are, so running it again changes nothing.
 */
export async function seedRegional(ds: DataSource, seed = readRegionalSeedFile()): Promise<RegionalSeedResult> {
  if (!seed) return { inserted: 0, skipped: 0 };
  let inserted = 0;
  let skipped = 0;
  const insert = async (m: EntityManager, entity: EntityTarget<ObjectLiteral>, rows: object[]) => {
    if (!rows.length) return;
    // RETURNING lists only the rows actually inserted; ON CONFLICT DO NOTHING skips the rest.
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows as never)
      .orIgnore()
      .returning('*')
      .execute();
    const count = Array.isArray(result.raw) ? result.raw.length : rows.length;
    inserted += count;
    skipped += rows.length - count;
  };
  await ds.transaction(async (m) => {
    await insert(
      m,
      CountryFacts,
      seed.countries.map((c) =>
        Object.assign(new CountryFacts(), {
          code: c.code,
          name: localizedFromSeed(c.name),
          iloMemberSince: c.iloMemberSince ?? null,
          ratifiedConventions: c.ratifiedConventions ?? null,
          ratificationsAsOf: c.ratificationsAsOf ?? null,
          iloOffice: c.iloOffice ?? null,
          sources: c.sources ?? [],
        }),
      ),
    );
    await insert(
      m,
      Convention,
      seed.conventions.map((c) =>
        Object.assign(new Convention(), {
          number: c.number,
          code: c.code,
          title: localizedFromSeed(c.title),
          category: c.category as ConventionCategory,
        }),
      ),
    );
  });
  return { inserted, skipped };
}

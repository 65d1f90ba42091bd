import fs from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import type { TextOrigin, ConventionCategory } from '../../../shared/enums.js';
import type { LocalizedText } from '../../../shared/localized-text.js';
import type { LocalizedTextSeed } from '../../country/seed/seed-format.js';
import { Convention } from '../entities/convention.entity.js';
import { CountryFacts } from '../entities/country-facts.entity.js';
import type { RegionalSeedFile } from './seed-format.js';

/** The seed file stays beside the sources (tsc does not copy it to dist); the compiled service finds it there. */
export function regionalSeedFilePath(): string {
  const candidates = [
    path.resolve(__dirname, 'data', 'regional.json'),
    path.resolve(__dirname, '../../../../subgraphs/regional/seed/data', 'regional.json'),
  ];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0];
}

export function readRegionalSeedFile(file = regionalSeedFilePath()): RegionalSeedFile | null {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RegionalSeedFile;
}

/** Seed files say `lang`; the stored LocalizedText says `originalLang` (its GraphQL shape). */
function localized(text: LocalizedTextSeed): LocalizedText {
  return {
    original: text.original,
    originalLang: text.lang,
    translations: text.translations.map((t) => ({ lang: t.lang, text: t.text, origin: t.origin as TextOrigin })),
  };
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
  const insert = async (m: EntityManager, entity: Function, rows: object[]) => {
    if (!rows.length) return;
    // RETURNING lists only the rows actually inserted; ON CONFLICT DO NOTHING skips the rest.
    const result = await m.createQueryBuilder().insert().into(entity).values(rows as never).orIgnore().returning('*').execute();
    const count = Array.isArray(result.raw) ? result.raw.length : rows.length;
    inserted += count;
    skipped += rows.length - count;
  };
  await ds.transaction(async (m) => {
    await insert(m, CountryFacts, seed.countries.map((c) =>
      Object.assign(new CountryFacts(), {
        code: c.code,
        name: localized(c.name),
        iloMemberSince: c.iloMemberSince ?? null,
        ratifiedConventions: c.ratifiedConventions ?? null,
        ratificationsAsOf: c.ratificationsAsOf ?? null,
        iloOffice: c.iloOffice ?? null,
        sources: c.sources ?? [],
      }),
    ));
    await insert(m, Convention, seed.conventions.map((c) =>
      Object.assign(new Convention(), {
        number: c.number,
        code: c.code,
        title: localized(c.title),
        category: c.category as ConventionCategory,
      }),
    ));
  });
  return { inserted, skipped };
}

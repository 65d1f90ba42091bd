import type { LocalizedTextSeed, SourceRefSeed } from '../../country/seed/seed-format.js';

/** Shape of `subgraphs/regional/seed/data/regional.json`: the regional office's reference data. */
export interface CountryFactsSeed {
  code: string;
  /** English `original` is not required: the local-language name is the original where the documents give one. */
  name: LocalizedTextSeed;
  iloMemberSince: number | null;
  ratifiedConventions: number | null;
  /** Date of the statement giving `ratifiedConventions`, ISO date (first day of the period when only a year/month is known). */
  ratificationsAsOf: string | null;
  iloOffice: string | null;
  sources: SourceRefSeed[];
}

export interface ConventionSeed {
  number: number;
  /** e.g. C138 */
  code: string;
  title: LocalizedTextSeed;
  category: 'FUNDAMENTAL' | 'GOVERNANCE' | 'TECHNICAL';
}

export interface RegionalSeedFile {
  countries: CountryFactsSeed[];
  conventions: ConventionSeed[];
}

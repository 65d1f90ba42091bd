/**
 * Shape of a country node's seed file (`subgraphs/country/seed/data/<cc>.json`).
 *
 * Seed files are derived by hand from the source documents (../shared/seeds) with
 * ../shared/data/seed-extract.json as the reference. They hold only facts the documents state:
 * a field the documents are silent on is null (or an empty list), never a guess.
 *
 * Dates are ISO `YYYY-MM-DD`. A date known only to the year or month is stored as the first day
 * of that period and `datePrecision` says how much of it is known (YEAR: `2017-01-01`).
 */
export type TextOrigin = 'SOURCE' | 'HUMAN' | 'MACHINE';
export type DatePrecision = 'DAY' | 'MONTH' | 'YEAR' | 'UNKNOWN';

export interface TranslationSeed {
  /** BCP 47 primary tag, e.g. `en`. */
  lang: string;
  text: string;
  /** SOURCE when the document itself gives this wording, MACHINE for the extraction's translation. */
  origin: TextOrigin;
}

export interface LocalizedTextSeed {
  /** Verbatim text from the document, never rewritten. */
  original: string;
  /** BCP 47 primary tag of `original`: mn, ky, ru, az, vi, en. */
  lang: string;
  /** At least an English translation when `lang` is not `en`. */
  translations: TranslationSeed[];
}

export interface SourceRefSeed {
  /** Source document file name, e.g. `001_b16c5bce5a712261.txt`. */
  document: string;
  /** Verbatim excerpt of the document supporting the record. */
  excerpt: string | null;
}

export interface ContactSeed {
  name: string;
  role: LocalizedTextSeed | null;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export interface OrganisationSeed {
  /** `<CC>:ORG:<slug>` */
  id: string;
  name: LocalizedTextSeed;
  acronym: string | null;
  type: string | null; // OrganisationType enum name
  constituentGroup: 'GOVERNMENT' | 'EMPLOYERS' | 'WORKERS' | 'NONE';
  /** Same value on every node for the same real body (IATI org id where one exists, e.g. XM-DAC-41302 for the ILO). */
  globalRef: string | null;
  sources: SourceRefSeed[];
}

export interface ProgrammeSeed {
  /** `<CC>:PRG:<slug>` */
  id: string;
  code: string | null;
  title: LocalizedTextSeed;
  summary: LocalizedTextSeed | null;
  status: string; // ActivityStatus enum name
  startDate: string | null;
  endDate: string | null;
  datePrecision: DatePrecision;
  phase: number | null;
  recipientCountries: string[];
  themes: string[]; // Theme enum names
  objectives: LocalizedTextSeed[];
  conventionNumbers: number[];
  contacts: ContactSeed[];
  links: string[];
  sources: SourceRefSeed[];
}

export interface EventSeed {
  /** `<CC>:EVT:<slug>`, slug starting with the date when known, e.g. `KG:EVT:2016-10-28-employers`. */
  id: string;
  title: LocalizedTextSeed;
  summary: LocalizedTextSeed | null;
  type: string; // EventType enum name
  startDate: string | null;
  endDate: string | null;
  datePrecision: DatePrecision;
  city: string | null;
  venue: string | null;
  online: boolean;
  programmeId: string | null;
  organiserIds: string[];
  participantIds: string[];
  participantCount: number | null;
  presentationCount: number | null;
  themes: string[];
  outcomes: LocalizedTextSeed[];
  sources: SourceRefSeed[];
}

export interface PartnershipSeed {
  /** `<CC>:PSH:<slug>` */
  id: string;
  organisationId: string;
  programmeId: string | null;
  role: 'FUNDING' | 'ACCOUNTABLE' | 'EXTENDING' | 'IMPLEMENTING' | null;
  basis: 'AGREEMENT' | 'DECLARED' | 'INFERRED_FROM_PROGRAMME' | 'INFERRED_FROM_EVENT';
  description: LocalizedTextSeed | null;
  startDate: string | null;
  endDate: string | null;
  sources: SourceRefSeed[];
}

export interface PersonRoleSeed {
  title: LocalizedTextSeed;          // e.g. "National Coordinator", "moderator of the meeting"
  organisationId: string | null;     // same node's <CC>:ORG:… id the source ties the role to
  eventId: string | null;            // same node's <CC>:EVT:…
  programmeId: string | null;        // same node's <CC>:PRG:…
  asOf: string | null;               // ISO date the source states the role for (YYYY-MM-DD), else null
}

export interface PersonSeed {
  id: string;                        // <CC>:PER:<ascii-slug>
  name: LocalizedTextSeed;           // as the source writes it, with transliteration/translation
  nameVariants: LocalizedTextSeed[]; // other spellings in this office's sources
  globalRef: string | null;          // same real person on several nodes shares it; null where the sources don't allow the link
  roles: PersonRoleSeed[];
  email: string | null;
  phone: string | null;
  sources: SourceRefSeed[];
}

export interface CountrySeedFile {
  country: string;
  organisations: OrganisationSeed[];
  programmes: ProgrammeSeed[];
  events: EventSeed[];
  partnerships: PartnershipSeed[];
  /** Optional so seed files written before people were modelled still load. */
  people?: PersonSeed[];
}

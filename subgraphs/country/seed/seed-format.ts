/**
 * Shape of a country node's seed file (`subgraphs/country/seed/data/<cc>.json`).
 *
 * Seed files are derived by hand from the source documents (../shared/seeds) with
 * ../shared/data/seed-extract.json as the reference. They hold only facts the documents state:
 * a field the documents are silent on is null (or an empty list), never a guess.
 *
 * Dates are ISO `YYYY-MM-DD`. A date known only to the year or month is stored as the first day
 * of that period and `datePrecision` says how much of it is known (YEAR: `2017-01-01`).
 *
 * How statuses, dates, roles and people are read from the documents, and every fact deliberately
 * left out, is written down in FIDELITY.md beside this file.
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
  /**
   * A judgement call the excerpt alone does not show: why a value was read this way (a date taken
   * from a news item, a status's date, a link between two people, ...). Absent when not needed.
   */
  note?: string | null;
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
  /** What the documents say about the organisation itself (mandate, history, coverage), each verbatim. */
  about: LocalizedTextSeed[];
  /** Same node's `<CC>:ORG:…` of the organisation this one is a unit of, where a document states it (an agency of its ministry). */
  parentId?: string | null;
  /** Names the documents say the organisation had before, with the date the name ended. */
  formerNames: FormerNameSeed[];
  sources: SourceRefSeed[];
}

export interface FormerNameSeed {
  name: LocalizedTextSeed;
  /** First day of the period the name ended in (`2010-04-01` for "until April 2010"), or null. */
  until: string | null;
  datePrecision: DatePrecision;
}

export interface ProgrammeSeed {
  /** `<CC>:PRG:<slug>` */
  id: string;
  code: string | null;
  title: LocalizedTextSeed;
  summary: LocalizedTextSeed | null;
  /** ActivityStatus enum name: the status as the cited document presents it at its own date (FIDELITY.md); null when no document states one. */
  status: string | null;
  /** The date that status holds for (the document's or the reported meeting's date), null when the document is undated. */
  statusAsOf: string | null;
  startDate: string | null;
  endDate: string | null;
  datePrecision: DatePrecision;
  phase: number | null;
  recipientCountries: string[];
  themes: string[]; // Theme enum names
  objectives: ObjectiveSeed[];
  /** What the documents say the programme did or plans that is no event of its own (a report prepared, a survey planned). */
  activities: LocalizedTextSeed[];
  conventionNumbers: number[];
  contacts: ContactSeed[];
  links: string[];
  sources: SourceRefSeed[];
}

/** An objective as the document words it, with the themes (Theme enum names) it is about. */
export interface ObjectiveSeed extends LocalizedTextSeed {
  themes?: string[];
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
  /** Organisations the document says supported or helped the event ("with ILO help") without organising or taking part. */
  supporterIds?: string[];
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
  /** Verbatim from the document, e.g. "Үндэсний зохицуулагч" (National Coordinator), "хурлын модератороор ажиллалаа". */
  title: LocalizedTextSeed;
  /** Same node's `<CC>:ORG:…` id the source ties the role to, else null. */
  organisationId: string | null;
  /** Same node's `<CC>:EVT:…` */
  eventId: string | null;
  /** Same node's `<CC>:PRG:…` */
  programmeId: string | null;
  /** ISO date the source states the role for (YYYY-MM-DD), else null. */
  asOf: string | null;
  /** PersonRoleKind: POSITION (the title is a post) or what the person did at the event (OPENED, PRESENTED, MODERATED, STATED). */
  kind: 'POSITION' | 'OPENED' | 'PRESENTED' | 'MODERATED' | 'STATED';
}

/** A person named in this office's documents (officials, ministers, coordinators, presenters, moderators). */
export interface PersonSeed {
  /** `<CC>:PER:<ascii-slug>` */
  id: string;
  /** As the source writes it, with transliteration/translation. */
  name: LocalizedTextSeed;
  /** Other spellings in this office's sources (e.g. "S.Babayev" beside "Sahil Babayev"). */
  nameVariants: LocalizedTextSeed[];
  /** The same real person on several nodes shares it; null where the sources don't allow the link (sources say why). */
  globalRef: string | null;
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

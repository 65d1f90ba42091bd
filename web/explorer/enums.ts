/**
 * The API's enum values the pages offer and label, fixed at build time (no schema is asked for at
 * run time; tests/explorer-pure.test.ts checks them against the served schema). Pure (no DOM), so
 * the pages, the export worker and the Node tests share it.
 */
export const EVENT_TYPES = [
  'MEETING',
  'SEMINAR',
  'TRAINING',
  'CONFERENCE',
  'BRIEFING',
  'WORKING_GROUP',
  'FIELD_TEST',
  'ONLINE_MEETING',
  'ROUND_TABLE',
  'SIGNING',
  'PEER_REVIEW',
  'LAUNCH',
  'OTHER',
] as const;
export const THEMES = [
  'SOCIAL_SOLIDARITY_ECONOMY',
  'CHILD_LABOUR',
  'SOCIAL_PROTECTION',
  'OCCUPATIONAL_SAFETY_HEALTH',
  'EMPLOYMENT_POLICY',
  'LABOUR_MARKET_INFORMATION',
  'LABOUR_MIGRATION',
  'SOCIAL_DIALOGUE',
  'INFORMAL_ECONOMY',
  'GENDER_EQUALITY',
  'LABOUR_LAW',
  'INTERNATIONAL_LABOUR_STANDARDS',
  'SKILLS',
  'DECENT_WORK_COUNTRY_PROGRAMME',
] as const;
export const ACTIVITY_STATUSES = ['PIPELINE', 'IMPLEMENTATION', 'FINALISATION', 'CLOSED', 'CANCELLED', 'SUSPENDED'] as const;
export const ORGANISATION_ROLES = ['FUNDING', 'ACCOUNTABLE', 'EXTENDING', 'IMPLEMENTING'] as const;
export const CONSTITUENT_GROUPS = ['GOVERNMENT', 'EMPLOYERS', 'WORKERS', 'NONE'] as const;
export const ORGANISATION_TYPES = [
  'GOVERNMENT',
  'LOCAL_GOVERNMENT',
  'OTHER_PUBLIC_SECTOR',
  'INTERNATIONAL_NGO',
  'NATIONAL_NGO',
  'REGIONAL_NGO',
  'PUBLIC_PRIVATE_PARTNERSHIP',
  'MULTILATERAL',
  'FOUNDATION',
  'PRIVATE_SECTOR',
  'ACADEMIC',
  'OTHER',
] as const;
export const ORDERS = ['START_DATE_DESC', 'START_DATE_ASC', 'UPDATED_AT_DESC'] as const;
export const PARTNERSHIP_BASES = ['AGREEMENT', 'DECLARED', 'INFERRED_FROM_PROGRAMME', 'INFERRED_FROM_EVENT'] as const;
export const TEXT_ORIGINS = ['SOURCE', 'HUMAN', 'MACHINE'] as const;
export const ROLE_KINDS = ['POSITION', 'OPENED', 'PRESENTED', 'MODERATED', 'STATED'] as const;
export const DATE_PRECISIONS = ['DAY', 'MONTH', 'YEAR', 'UNKNOWN'] as const;

/** The GraphQL enum each value list is, for the schema check and the labels' catalogue keys. */
export const ENUMS = {
  EventType: EVENT_TYPES,
  Theme: THEMES,
  ActivityStatus: ACTIVITY_STATUSES,
  OrganisationRole: ORGANISATION_ROLES,
  ConstituentGroup: CONSTITUENT_GROUPS,
  OrganisationType: ORGANISATION_TYPES,
  EventOrder: ORDERS,
  ProgrammeOrder: ORDERS,
  PartnershipBasis: PARTNERSHIP_BASES,
  TextOrigin: TEXT_ORIGINS,
  PersonRoleKind: ROLE_KINDS,
  DatePrecision: DATE_PRECISIONS,
} as const;
export type EnumName = keyof typeof ENUMS;

import 'reflect-metadata';
import { registerEnumType } from 'type-graphql';

// Enum values follow ../shared/design/contract.graphql; IATI code lists where the contract says so.

export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
  UNKNOWN = 'UNKNOWN',
}
export enum TextOrigin {
  SOURCE = 'SOURCE',
  HUMAN = 'HUMAN',
  MACHINE = 'MACHINE',
}
export enum ActivityStatus {
  PIPELINE = 'PIPELINE',
  IMPLEMENTATION = 'IMPLEMENTATION',
  FINALISATION = 'FINALISATION',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
  SUSPENDED = 'SUSPENDED',
}
export enum OrganisationRole {
  FUNDING = 'FUNDING',
  ACCOUNTABLE = 'ACCOUNTABLE',
  EXTENDING = 'EXTENDING',
  IMPLEMENTING = 'IMPLEMENTING',
}
export enum ConstituentGroup {
  GOVERNMENT = 'GOVERNMENT',
  EMPLOYERS = 'EMPLOYERS',
  WORKERS = 'WORKERS',
  NONE = 'NONE',
}
export enum OrganisationType {
  GOVERNMENT = 'GOVERNMENT',
  LOCAL_GOVERNMENT = 'LOCAL_GOVERNMENT',
  OTHER_PUBLIC_SECTOR = 'OTHER_PUBLIC_SECTOR',
  INTERNATIONAL_NGO = 'INTERNATIONAL_NGO',
  NATIONAL_NGO = 'NATIONAL_NGO',
  REGIONAL_NGO = 'REGIONAL_NGO',
  PUBLIC_PRIVATE_PARTNERSHIP = 'PUBLIC_PRIVATE_PARTNERSHIP',
  MULTILATERAL = 'MULTILATERAL',
  FOUNDATION = 'FOUNDATION',
  PRIVATE_SECTOR = 'PRIVATE_SECTOR',
  ACADEMIC = 'ACADEMIC',
  OTHER = 'OTHER',
}
export enum PartnershipBasis {
  AGREEMENT = 'AGREEMENT',
  DECLARED = 'DECLARED',
  INFERRED_FROM_PROGRAMME = 'INFERRED_FROM_PROGRAMME',
  INFERRED_FROM_EVENT = 'INFERRED_FROM_EVENT',
}
export enum EventType {
  MEETING = 'MEETING',
  SEMINAR = 'SEMINAR',
  TRAINING = 'TRAINING',
  CONFERENCE = 'CONFERENCE',
  BRIEFING = 'BRIEFING',
  WORKING_GROUP = 'WORKING_GROUP',
  FIELD_TEST = 'FIELD_TEST',
  ONLINE_MEETING = 'ONLINE_MEETING',
  ROUND_TABLE = 'ROUND_TABLE',
  SIGNING = 'SIGNING',
  PEER_REVIEW = 'PEER_REVIEW',
  LAUNCH = 'LAUNCH',
  OTHER = 'OTHER',
}
export enum Theme {
  SOCIAL_SOLIDARITY_ECONOMY = 'SOCIAL_SOLIDARITY_ECONOMY',
  CHILD_LABOUR = 'CHILD_LABOUR',
  SOCIAL_PROTECTION = 'SOCIAL_PROTECTION',
  OCCUPATIONAL_SAFETY_HEALTH = 'OCCUPATIONAL_SAFETY_HEALTH',
  EMPLOYMENT_POLICY = 'EMPLOYMENT_POLICY',
  LABOUR_MARKET_INFORMATION = 'LABOUR_MARKET_INFORMATION',
  LABOUR_MIGRATION = 'LABOUR_MIGRATION',
  SOCIAL_DIALOGUE = 'SOCIAL_DIALOGUE',
  INFORMAL_ECONOMY = 'INFORMAL_ECONOMY',
  GENDER_EQUALITY = 'GENDER_EQUALITY',
  LABOUR_LAW = 'LABOUR_LAW',
  INTERNATIONAL_LABOUR_STANDARDS = 'INTERNATIONAL_LABOUR_STANDARDS',
  SKILLS = 'SKILLS',
  DECENT_WORK_COUNTRY_PROGRAMME = 'DECENT_WORK_COUNTRY_PROGRAMME',
}
export enum ConventionCategory {
  FUNDAMENTAL = 'FUNDAMENTAL',
  GOVERNANCE = 'GOVERNANCE',
  TECHNICAL = 'TECHNICAL',
}
export enum EventOrder {
  START_DATE_DESC = 'START_DATE_DESC',
  START_DATE_ASC = 'START_DATE_ASC',
  UPDATED_AT_DESC = 'UPDATED_AT_DESC',
}
export enum ProgrammeOrder {
  START_DATE_DESC = 'START_DATE_DESC',
  START_DATE_ASC = 'START_DATE_ASC',
  UPDATED_AT_DESC = 'UPDATED_AT_DESC',
}
/** What a person's role is: a post held, or what they did at an event (issue 25: who did what). */
export enum PersonRoleKind {
  POSITION = 'POSITION',
  OPENED = 'OPENED',
  PRESENTED = 'PRESENTED',
  MODERATED = 'MODERATED',
  STATED = 'STATED',
}
export enum EventDimension {
  COUNTRY = 'COUNTRY',
  YEAR = 'YEAR',
  TYPE = 'TYPE',
  THEME = 'THEME',
}
export enum ProgrammeDimension {
  COUNTRY = 'COUNTRY',
  STATUS = 'STATUS',
  THEME = 'THEME',
}

/** The record types of a country node's change log (and of the change feed). */
export enum ChangeEntity {
  PROGRAMME = 'PROGRAMME',
  EVENT = 'EVENT',
  PARTNERSHIP = 'PARTNERSHIP',
  ORGANISATION = 'ORGANISATION',
  PERSON = 'PERSON',
}
export enum ChangeKind {
  UPSERT = 'UPSERT',
  DELETE = 'DELETE',
}

const descriptions: Record<string, string> = {
  ActivityStatus: 'IATI ActivityStatus code list (1-6).',
  OrganisationRole: 'IATI OrganisationRole code list (1-4).',
  ConstituentGroup: 'ILO tripartite constituent group.',
  OrganisationType: 'IATI OrganisationType, by name.',
  EventOrder: 'Ties are broken by id, so every order is total and pages never overlap or skip.',
  ProgrammeOrder: 'Ties are broken by id, so every order is total and pages never overlap or skip.',
  PersonRoleKind:
    "POSITION: a post held (the title is the post). At an event (the title says what, verbatim): OPENED it, PRESENTED the title's item, MODERATED it, STATED the title (said, reported, stressed).",
};

const all = {
  DatePrecision,
  TextOrigin,
  ActivityStatus,
  OrganisationRole,
  ConstituentGroup,
  OrganisationType,
  PartnershipBasis,
  EventType,
  Theme,
  ConventionCategory,
  EventOrder,
  ProgrammeOrder,
  PersonRoleKind,
  EventDimension,
  ProgrammeDimension,
  ChangeEntity,
  ChangeKind,
};
for (const [name, enumObj] of Object.entries(all)) {
  registerEnumType(enumObj, { name, description: descriptions[name] });
}

/** Checks a value read from a seed file or the database against an enum. */
export function isEnumValue<T extends Record<string, string>>(enumObj: T, value: unknown): value is T[keyof T] {
  return typeof value === 'string' && Object.values(enumObj).includes(value);
}

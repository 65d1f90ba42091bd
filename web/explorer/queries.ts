import { SPECS, type Kind } from './kinds';

/** The explorer's GraphQL documents. Pure strings (the Node tests run them against a federation). */

export function listDocument(kind: Kind): string {
  const spec = SPECS[kind];
  const order = spec.orderType ? `, $orderBy: ${spec.orderType}` : '';
  const orderArg = spec.orderType ? ', orderBy: $orderBy' : '';
  return `query ExplorerList($filter: ${spec.filterType}${order}, $first: Int, $after: String, $lang: String) {
  list: ${spec.list}(filter: $filter${orderArg}, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ${spec.rowFields} }
  }
}`;
}

const TEXT = 'text(lang: $lang) original originalLang translations { lang text origin }';
const NAME = 'text(lang: $lang) en: text(lang: "en") original originalLang';
const SOURCES = 'sources { document excerpt note }';
const ORG = `id country { code } acronym name { ${NAME} }`;
const PERSON = `id country { code } name { ${NAME} }`;
const EVENT = `id country { code } startDate datePrecision title { ${NAME} }`;
const PROGRAMME = `id country { code } code title { ${NAME} }`;

/** One record with every field, its sources and its related records, by kind. */
export const RECORD_DOCUMENTS: Record<Kind, string> = {
  events: `query ExplorerEvent($id: ID!, $lang: String) { record: event(id: $id) {
    id version updatedAt type startDate endDate datePrecision city venue online participantCount presentationCount themes
    country { code } title { ${TEXT} } summary { ${TEXT} } outcomes { ${TEXT} } ${SOURCES}
    programme { ${PROGRAMME} } organisers { ${ORG} } participants { ${ORG} } supporters { ${ORG} }
    people { ${PERSON} roles { kind asOf event { id } title { ${NAME} } } }
  } }`,
  programmes: `query ExplorerProgramme($id: ID!, $lang: String) { record: programme(id: $id) {
    id version updatedAt code status statusAsOf startDate endDate datePrecision phase recipientCountries themes links
    country { code } title { ${TEXT} } summary { ${TEXT} } objectives { ${TEXT} } activities { ${TEXT} }
    themedObjectives { position themes text { text(lang: $lang) } } ${SOURCES}
    contacts { name email phone address role { text(lang: $lang) } }
    conventions { number code title { text(lang: $lang) } }
    events(first: 100) { ${EVENT} }
    partnerships { id role basis organisation { ${ORG} } }
    people { ${PERSON} }
  } }`,
  organisations: `query ExplorerOrganisation($id: ID!, $lang: String) { record: organisation(id: $id) {
    id version updatedAt acronym type constituentGroup globalRef
    country { code } name { ${TEXT} } about { ${TEXT} } formerNames { until datePrecision name { ${TEXT} } } ${SOURCES}
    parent { ${ORG} } units { ${ORG} }
    partnerships { id role basis programme { ${PROGRAMME} } }
    people { ${PERSON} }
    events(first: 100) { totalCount nodes { ${EVENT} } }
  } }`,
  people: `query ExplorerPerson($id: ID!, $lang: String) { record: person(id: $id) {
    id version updatedAt globalRef email phone
    country { code } name { ${TEXT} } nameVariants { ${TEXT} } ${SOURCES}
    roles { kind asOf title { ${TEXT} } organisation { ${ORG} } event { ${EVENT} } programme { ${PROGRAMME} } }
  } }`,
  partnerships: `query ExplorerPartnership($id: ID!, $lang: String) { record: partnership(id: $id) {
    id version updatedAt role basis startDate endDate
    country { code } description { ${TEXT} } ${SOURCES}
    organisation { ${ORG} globalRef } programme { ${PROGRAMME} }
  } }`,
};

/** The same organisation, person or multi-country programme recorded by other country offices. */
export const ALSO_IN = {
  organisations: `query AlsoInOrganisation($ref: String!, $lang: String) { also: organisations(filter: { globalRef: $ref }, first: 50) { nodes { ${ORG} } } }`,
  people: `query AlsoInPerson($ref: String!, $lang: String) { also: people(filter: { globalRef: $ref }, first: 50) { nodes { ${PERSON} } } }`,
  programmes: `query AlsoInProgramme($ref: String!, $lang: String) { also: programmes(filter: { code: $ref }, first: 50) { nodes { ${PROGRAMME} } } }`,
} as const;

/**
 * A country's page, in two reads: its facts and its own lists' counts (the regional subgraph and
 * the country's node, each part null on its own when unanswered), then the figures asked of that
 * country alone (which, when it does not answer, leave the whole of their answer empty).
 */
export const COUNTRY_FACTS = `query ExplorerCountry($code: CountryCode!, $lang: String) {
  country(code: $code) {
    code iloMemberSince ratifiedConventions ratificationsAsOf iloOffice name { ${TEXT} }
    events(first: 1, orderBy: UPDATED_AT_DESC) { totalCount nodes { updatedAt } }
    programmes(first: 1, orderBy: UPDATED_AT_DESC) { totalCount nodes { updatedAt } }
    partnerships(first: 0) { totalCount }
  }
}`;
export const COUNTRY_FIGURES = `query ExplorerCountryFigures($countries: [CountryCode!]) {
  organisations(filter: { countries: $countries }, first: 0) { totalCount }
  people(filter: { countries: $countries }, first: 0) { totalCount }
  byYear: eventStats(groupBy: [YEAR], filter: { countries: $countries }) { year count }
  byType: eventStats(groupBy: [TYPE], filter: { countries: $countries }) { type count }
}`;

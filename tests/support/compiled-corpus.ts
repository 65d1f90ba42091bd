/**
 * Operations a country node answers, for tests/compiled-execution.test.ts: every list with its
 * arguments, entity fetches as the gateway sends them, stats, and the document features (aliases,
 * fragments, directives, variables, several operations) whose execution differs between engines.
 */
export interface Operation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** Answered by graphql-js even with compiled execution on (never executed, or not compiled), in every mode or in production only. */
  graphqlJs?: true | 'production';
}

/** What the cases need from the seeded data: ids and a cursor of its first page. */
export interface Seeded {
  eventIds: string[];
  organisationIds: string[];
  programmeIds: string[];
  cursor: string;
}

const EVENT_FIELDS = `id __typename version updatedAt title { original originalLang translations { lang text } text(lang: "fr") }
  summary { original } type startDate endDate datePrecision city venue online participantCount presentationCount themes
  outcomes { original } sources { document excerpt note } country { code }`;

/** The page sub-request our gateway sends a node for a cross-country page (bench/node-cost.ts prints it). */
export const GATEWAY_PAGE = `query($first: Int, $after: String, $filter: EventFilter) {
  events(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { node { id title { original } startDate datePrecision type city } }
    pageInfo { hasNextPage endCursor }
    shard__edges: edges { cursor }
    shard__pageInfo: pageInfo { hasNextPage }
  }
}`;

const EVENTS = `query Events($filter: EventFilter, $orderBy: EventOrder, $first: Int, $after: String) {
  events(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount edges { cursor node { ${EVENT_FIELDS} } } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Event { id title { original } programme { id code } organisers { id name { original } acronym } participants { id } }
    ... on Organisation { id name { original } type constituentGroup parent { id } units { id } people { id name { original } } }
    ... on Programme { id code status startDate events(first: 3) { id } themedObjectives { position themes } }
    ... on Country { countryCode: code countryEvents: events(first: 2) { nodes { id } } }
  }
}`;

export function pageCases(s: Seeded): Operation[] {
  const [e1, e2] = s.eventIds;
  const [o1] = s.organisationIds;
  const [p1] = s.programmeIds;
  const orders = ['START_DATE_DESC', 'START_DATE_ASC', 'UPDATED_AT_DESC'].map((orderBy) => ({
    name: `events ${orderBy}`,
    query: EVENTS,
    variables: { orderBy, first: 7 },
  }));
  return [
    { name: 'gateway page sub-request', query: GATEWAY_PAGE, variables: { first: 50, after: null, filter: { from: '2016-01-01' } } },
    { name: 'gateway page sub-request, next page', query: GATEWAY_PAGE, variables: { first: 22, after: s.cursor, filter: { from: '2016-01-01' } } },
    ...orders,
    { name: 'events after a cursor', query: EVENTS, variables: { first: 5, after: s.cursor } },
    {
      name: 'events, every filter',
      query: EVENTS,
      variables: {
        filter: {
          countries: ['KG'],
          from: '2010-01-01',
          to: '2030-12-31',
          types: ['MEETING', 'SEMINAR', 'TRAINING'],
          themes: ['CHILD_LABOUR', 'SOCIAL_PROTECTION'],
        },
      },
    },
    { name: 'events, text filter', query: EVENTS, variables: { filter: { text: 'a' }, first: 4 } },
    { name: 'events of another country (empty)', query: EVENTS, variables: { filter: { countries: ['MN'] } } },
    {
      name: 'events, literal arguments',
      query: `{ events(first: 3, orderBy: START_DATE_ASC, filter: { from: "2015-01-01" }) { totalCount nodes { id startDate } } }`,
    },
    {
      name: 'event by id, nested',
      query: `query($id: ID!) { event(id: $id) { ${EVENT_FIELDS} programme { id title { original } } organisers { id name { original } } participants { id } supporters { id } people { id } history { version } } }`,
      variables: { id: e1 },
    },
    { name: 'unknown event', query: `{ event(id: "KG:EVT:none") { id } }` },
    {
      name: 'node interface (async type resolution)',
      graphqlJs: true,
      query: `query($a: ID!, $b: ID!) { a: node(id: $a) { __typename id ... on Event { title { original } } } b: node(id: $b) { __typename ... on Organisation { name { original } } } }`,
      variables: { a: e2, b: o1 },
    },
    {
      name: 'organisations page',
      query: `{ organisations(first: 6) { totalCount nodes { id name { original } acronym type constituentGroup globalRef about { original } formerNames { __typename } country { code } events(first: 2) { totalCount nodes { id } } } pageInfo { endCursor } } }`,
    },
    {
      name: 'organisation by id',
      query: `query($id: ID!) { organisation(id: $id) { id partnerships { id } people { id } units { id } parent { id } } }`,
      variables: { id: o1 },
    },
    {
      name: 'programmes page',
      query: `{ programmes(first: 5, orderBy: START_DATE_ASC) { edges { cursor node { id code status statusAsOf phase recipientCountries themes links contacts { __typename } conventions { __typename } } } } }`,
    },
    {
      name: 'programme by id',
      query: `query($id: ID!) { programme(id: $id) { id events(first: 4) { id } themedObjectives(themes: [CHILD_LABOUR]) { __typename } people { id } } }`,
      variables: { id: p1 },
    },
    {
      name: 'partnerships and people',
      query: `{ partnerships(first: 4) { totalCount nodes { id } } people(first: 4) { nodes { id name { original } email roles { __typename } } } }`,
    },
    {
      name: 'event stats',
      query: `{ a: eventStats(groupBy: [COUNTRY, YEAR]) { country year count participantCount } b: eventStats(groupBy: [TYPE, THEME], filter: { from: "2018-01-01" }) { type theme count } }`,
    },
    { name: 'programme stats', query: `{ programmeStats(groupBy: [STATUS, THEME]) { __typename } }` },
    { name: 'reach', query: `{ organisationReach(minCountries: 1) { globalRef countries } personReach { globalRef } }` },
    {
      name: 'entities as the gateway sends them',
      query: ENTITIES,
      variables: {
        representations: [
          { __typename: 'Event', id: e1 },
          { __typename: 'Organisation', id: o1 },
          { __typename: 'Event', id: 'KG:EVT:none' },
          { __typename: 'Programme', id: p1 },
          { __typename: 'Country', code: 'KG' },
          { __typename: 'Event', id: e2 },
        ],
      },
    },
    {
      name: 'aliases, fragments, __typename, directives',
      query: `query($yes: Boolean!, $no: Boolean!) {
        __typename
        first: events(first: 2) { ...Page }
        second: events(first: 2, orderBy: START_DATE_ASC) { ...Page pageInfo @include(if: $no) { endCursor } }
        events(first: 1) { nodes { ... on Event { id @skip(if: $yes) title @include(if: $yes) { original } } ...Dates @skip(if: $no) } }
      }
      fragment Page on EventConnection { __typename nodes { __typename i: id ...Dates @include(if: $yes) } }
      fragment Dates on Event { startDate endDate }`,
      variables: { yes: true, no: false },
    },
    {
      name: 'several operations, the second',
      query: `query A { events(first: 1) { nodes { id } } } query B { organisations(first: 1) { nodes { id } } }`,
      operationName: 'B',
    },
    { name: 'service sdl', query: `{ _service { sdl } }` },
    {
      name: 'introspection (refused in production)',
      graphqlJs: 'production',
      query: `{ __type(name: "EventStat") { name fields { name type { kind name ofType { name } } } } }`,
    },
    { name: 'changes feed', query: `{ changes(first: 3) { changes { __typename } watermark hasMore unavailable } }` },
  ];
}

export function errorCases(s: Seeded): Operation[] {
  return [
    { name: 'negative first', query: `{ events(first: -1) { nodes { id } } }` },
    { name: 'bad cursor', query: `{ events(after: "not-a-cursor") { nodes { id } } }` },
    { name: 'bad date in a filter', graphqlJs: true, query: `{ events(filter: { from: "yesterday" }) { nodes { id } } }` },
    { name: 'variable of the wrong type', graphqlJs: true, query: EVENTS, variables: { first: 'ten' } },
    { name: 'missing required variable', graphqlJs: true, query: `query($id: ID!) { event(id: $id) { id } }`, variables: {} },
    { name: 'unknown enum value in a variable', graphqlJs: true, query: EVENTS, variables: { orderBy: 'SIDEWAYS' } },
    { name: 'bad scalar in a variable', graphqlJs: true, query: EVENTS, variables: { filter: { from: 12 } } },
    { name: 'bad entity representation', query: ENTITIES, variables: { representations: [{ __typename: 'Nope', id: 'x' }, { id: 'x' }] } },
    { name: 'denied mutation (graphql-js on both)', graphqlJs: true, query: `mutation { deleteEvent(id: "${s.eventIds[0]}", expectedVersion: 1) }` },
  ];
}

/** After the rows are damaged (see the test): a non-null violation, an enum serialisation and a non-list, in pages and by id. */
export function damagedCases(s: Seeded): Operation[] {
  const byId = (id: string) => `{ event(id: "${id}") { id title { original } type sources { document } } }`;
  return [
    { name: 'page over damaged rows', query: EVENTS, variables: { first: 100 } },
    { name: 'gateway page over damaged rows', query: GATEWAY_PAGE, variables: { first: 100 } },
    { name: 'null title by id', query: byId(s.eventIds[0]) },
    { name: 'bad enum by id', query: byId(s.eventIds[1]) },
    { name: 'object where a list is due, by id', query: byId(s.eventIds[2]) },
    { name: 'entities over damaged rows', query: ENTITIES, variables: { representations: s.eventIds.slice(0, 4).map((id) => ({ __typename: 'Event', id })) } },
  ];
}

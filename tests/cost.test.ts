import 'reflect-metadata';
import { getIntrospectionQuery, parse, type GraphQLSchema } from 'graphql';
import { analyseDocument } from '../platform/cost/analyse.js';
import { findOverBudget } from '../platform/cost/check.js';
import { DEFAULT_COST_LIMITS, nodeCostLimits } from '../platform/cost/limits.js';
import { makeErrorFormatter } from '../platform/error-formatter.js';
import { countrySchema } from '../subgraphs/country/schema.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  ({ schema } = await countrySchema());
});

const measure = (query: string, variables: Record<string, unknown> = {}) =>
  analyseDocument(schema, parse(query), { variables, listSizes: DEFAULT_COST_LIMITS.listSizes, assumedListSize: DEFAULT_COST_LIMITS.assumedListSize });
const refusal = (query: string, variables: Record<string, unknown> = {}, limits = DEFAULT_COST_LIMITS) =>
  findOverBudget(schema, parse(query), query, variables, limits);

/** `fragment G_i on Event { ...G_(i-1) programme { events(first: 1) { ...G_(i-1) } } }`: 2^n fields in n lines. */
function fragmentDoubling(n: number): string {
  let text = 'fragment G0 on Event { id }\n';
  for (let i = 1; i <= n; i++) text += `fragment G${i} on Event { ...G${i - 1} programme { events(first: 1) { ...G${i - 1} } } }\n`;
  return `${text}{ events(first: 1) { nodes { ...G${n} } } }`;
}

describe('estimated result size', () => {
  it("multiplies a connection's list fields by its first, and nested lists by theirs", () => {
    expect(measure('{ events(first: 500) { nodes { id } } }').resultSize).toBe(1 + 1 + 500);
    // programme, events, then 100 × (programme, events, 100 × (programme, events, 100 × id))
    const nested = '{ programme(id: "MN:PRG:secim") { events(first: 100) { programme { events(first: 100) { programme { events(first: 100) { id } } } } } } }';
    expect(measure(nested).resultSize).toBe(2 + 100 * (2 + 100 * (2 + 100)));
  });

  it('uses the schema default of first when it is absent, and variables when given', () => {
    expect(measure('{ events { nodes { id } } }').resultSize).toBe(2 + 50);
    expect(measure('query($n: Int) { events(first: $n) { edges { node { id } } } }', { n: 7 }).resultSize).toBe(2 + 7 * 2);
    expect(measure('query($n: Int = 9) { events(first: $n) { nodes { id } } }').resultSize).toBe(2 + 50);
    // Over the page maximum the list itself refuses it (BAD_USER_INPUT); it never costs more than 500.
    expect(measure('{ events(first: 100000) { nodes { id } } }').resultSize).toBe(2 + 500);
  });

  it('sizes lists without a size argument by their declared or assumed size', () => {
    // organisers: assumed 10 elements of (id, name, text)
    expect(measure('{ event(id: "MN:EVT:x") { organisers { id name { text } } } }').resultSize).toBe(2 + 10 * 3);
    expect(measure('{ organisation(id: "MN:ORG:ilo") { partnerships { id } } }').resultSize).toBe(2 + 50);
    // a list of scalars counts once
    expect(measure('{ event(id: "MN:EVT:x") { themes } }').resultSize).toBe(2);
  });

  it('sizes _entities by the representations the gateway sends', () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Event { id title { text } } } }';
    expect(measure(query, { r: Array.from({ length: 40 }, (_, i) => ({ __typename: 'Event', id: `MN:EVT:${i}` })) }).resultSize).toBe(1 + 40 * 3);
  });

  it('lets a rich BI page of 500 events through (programme, organisers, participants: 111,006 values)', () => {
    const page = `{ events(first: 500) { totalCount pageInfo { endCursor hasNextPage } nodes { id type startDate endDate datePrecision city venue online
      participantCount presentationCount themes updatedAt version country { code } title { text original originalLang } summary { text original }
      outcomes { text } sources { document excerpt } programme { id code title { text } status }
      organisers { id acronym type constituentGroup globalRef name { text original } }
      participants { id acronym type constituentGroup globalRef name { text original } } } } }`;
    expect(measure(page).resultSize).toBe(111006);
    expect(refusal(page)).toBeNull();
  });

  it("lets a page of 500 events with their organisers through and refuses the issue's amplifiers", () => {
    expect(refusal('{ events(first: 500) { totalCount nodes { id title { text } startDate organisers { id name { text } } } } }')).toBeNull();
    expect(refusal('{ events(first: 500) { nodes { country { events(first: 500) { nodes { id } } } } } }')?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maxResultSize',
      value: 251502,
      max: 200000,
    });
    expect(
      refusal('{ programme(id: "MN:PRG:secim") { events(first: 100) { programme { events(first: 100) { programme { events(first: 100) { id } } } } } } }')
        ?.message,
    ).toBe(
      'Query is too complex: estimated result size (values, lists multiplied by their first or assumed size) is 1,020,202, the limit (maxResultSize) is 200,000',
    );
  });
});

describe('fragment expansion without exponential work', () => {
  it('measures a 60-level fragment doubling (2^60 fields) by its text, in well under a second', () => {
    const started = performance.now();
    const measures = measure(fragmentDoubling(60));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(measures.selections).toBeGreaterThan(2 ** 60);
    expect(measures.depth).toBe(2 + 2 * 60 + 1);
    expect(refusal(fragmentDoubling(60))?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('counts aliases, directives and selections once per use of a fragment', () => {
    const query = 'fragment F on Event { a: id b: id @include(if: true) } { events { nodes { ...F ...F x: id } } }';
    expect(measure(query)).toMatchObject({ aliases: 5, directives: 2, selections: 2 + 5 });
  });

  it('counts one response name repeated through fragments and inline fragments', () => {
    const query = 'fragment F on Event { id } { events { nodes { id ...F ... on Event { id ...F } } } }';
    expect(measure(query).repeatedField).toBe(4);
    const wide = `{ events { nodes { ${'title { text(lang: "x") } '.repeat(21)} } } }`;
    expect(refusal(wide)?.extensions).toMatchObject({ limit: 'maxRepeatedField', value: 21 });
  });

  it('measures unused fragments too, since validation visits them', () => {
    const query = `fragment Unused on Event { ${'id '.repeat(30)} } { events { nodes { id } } }`;
    expect(measure(query).repeatedField).toBe(30);
  });

  it('survives fragment cycles (validation reports them)', () => {
    expect(measure('fragment A on Event { ...B } fragment B on Event { ...A id } { events { nodes { ...A } } }').selections).toBe(3);
  });
});

describe('the other budgets', () => {
  it('counts mutation root fields, through fragments', () => {
    const deletes = Array.from({ length: 11 }, (_, i) => `d${i}: deleteEvent(id: "MN:EVT:x", expectedVersion: 1)`).join(' ');
    expect(refusal(`mutation { ${deletes} }`)?.extensions).toMatchObject({ limit: 'maxMutationFields', value: 11, max: 10 });
    expect(
      measure('fragment M on Mutation { a: deleteEvent(id: "x", expectedVersion: 1) } mutation { ...M b: deleteEvent(id: "y", expectedVersion: 1) }')
        .mutationFields,
    ).toBe(2);
  });

  it('refuses depth, aliases, directives and length over their limits', () => {
    let deep = '{ id }';
    for (let i = 0; i < 13; i++) deep = `{ programme ${deep} }`;
    expect(refusal(`{ event(id: "x") ${deep} }`)?.extensions?.limit).toBe('maxDepth');
    expect(refusal(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`)?.extensions?.limit).toBe('maxAliases');
    expect(refusal(`{ events { totalCount ${'@include(if: true) '.repeat(31)} } }`)?.extensions?.limit).toBe('maxDirectives');
    expect(refusal(`# ${'x'.repeat(100_000)}\n{ __typename }`)?.extensions?.limit).toBe('maxDocumentLength');
  });

  it("words the parser's token limit like the other limits", () => {
    const query = `{ ${'__typename '.repeat(30)}}`;
    let error: unknown;
    try {
      parse(query, { maxTokens: 10 });
    } catch (e) {
      error = e;
    }
    const formatted = makeErrorFormatter(false, undefined, 10)({ message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, error);
    expect(formatted).toEqual({
      message: 'Query is too complex: tokens is more than 10, the limit (maxTokens) is 10',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens', value: 11, max: 10 },
    });
  });

  it('lets introspection through (it is turned off in production instead)', () => {
    expect(refusal(getIntrospectionQuery())).toBeNull();
  });

  it('gives a node headroom for what the gateway adds to its operations', () => {
    const node = nodeCostLimits(DEFAULT_COST_LIMITS);
    expect(node.maxTokens).toBe(2 * DEFAULT_COST_LIMITS.maxTokens);
    expect(node.maxResultSize).toBe(DEFAULT_COST_LIMITS.maxResultSize);
  });
});

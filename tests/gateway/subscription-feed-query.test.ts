import { buildSchema, parse } from 'graphql';
import { feedQuery, withSubscriptions } from '../../gateway/subscriptions/changes.js';
import type { ChangeTicker } from '../../gateway/subscriptions/ticker.js';

const api = buildSchema(`
  type Query { changes(since: String, first: Int = 500, filter: ChangeFilter): ChangeFeed! }
  input ChangeFilter { countries: [String!] }
  type ChangeFeed { changes: [Change!]! watermark: String! hasMore: Boolean! unavailable: [String!]! }
  type Change { id: ID! country: String! }
`);

function args(query: string, variables: Record<string, unknown> = {}) {
  return {
    schema: withSubscriptions(api),
    document: parse(query),
    variables,
    graphqlUrl: 'http://gateway/graphql',
    ticker: null as unknown as ChangeTicker,
    unwritten: () => 0,
    maxUnwritten: 1,
    signal: new AbortController().signal,
    log: () => {},
  };
}

describe('feedQuery', () => {
  it("reads the feed with the client's selection, fragments and the variables it still uses, after a watermark", () => {
    const q = feedQuery(
      args(
        `subscription($w: String, $f: ChangeFilter, $x: Boolean!) { changes(since: $w, filter: $f) { changes { ...C id @include(if: $x) } watermark } }
         fragment C on Change { country }`,
        { w: 'W1', f: { countries: ['KG'] }, x: true },
      ),
    );
    expect(q.since).toBe('W1');
    expect(q.variables).toMatchObject({ x: true, sse__filter: { countries: ['KG'] } });
    expect(q.query).toContain('query ($x: Boolean!, $sse__since: String, $sse__filter: ChangeFilter)');
    expect(q.query).toContain('changes(since: $sse__since, first: 500, filter: $sse__filter)');
    expect(q.query).toContain('sse__watermark: watermark');
    expect(q.query).toContain('fragment C on Change');
    expect(q.query).not.toContain('$w');
  });

  it('starts from the beginning without since, and takes literal arguments', () => {
    const q = feedQuery(args(`subscription { changes(filter: { countries: ["MN"] }) { watermark } }`));
    expect(q.since).toBeNull();
    expect(q.variables.sse__filter).toEqual({ countries: ['MN'] });
  });

  it('refuses anything but one changes field', () => {
    expect(() => feedQuery(args(`subscription { changes { watermark } other: changes { watermark } }`))).toThrow(/exactly one field/);
  });
});

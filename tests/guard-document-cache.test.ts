import 'reflect-metadata';
import { parse, type GraphQLSchema } from 'graphql';
import { analyseDocument } from '../platform/cost/analyse.js';
import { DEFAULT_COST_LIMITS } from '../platform/cost/limits.js';
import { MeasureCache } from '../platform/cost/measure-cache.js';
import { findUnstorableString } from '../contract/strings.js';
import { countrySchema } from '../subgraphs/country/schema.js';

// The guard's per-document work (measures, literal strings) is done once per cached document
// when it does not depend on the request's variables; answers are the same as without the cache.

let schema: GraphQLSchema;
beforeAll(async () => {
  ({ schema } = await countrySchema());
});

const options = (variables: Record<string, unknown> = {}) => ({
  variables,
  listSizes: DEFAULT_COST_LIMITS.listSizes,
  assumedListSize: DEFAULT_COST_LIMITS.assumedListSize,
});

describe('measures of a document kept while it is cached', () => {
  test('a document with literal sizes is measured once; the kept measures equal a fresh analysis', () => {
    const cache = new MeasureCache();
    const document = parse('query($after: String) { events(first: 22, after: $after) { edges { node { id title { original } } } } }');
    const first = cache.measure(schema, document, options({ after: null }));
    expect(cache.measure(schema, document, options({ after: 'x' }))).toBe(first);
    expect(first).toEqual(analyseDocument(schema, document, options({ after: 'x' })));
  });

  test('measures that read a variable are computed for each request', () => {
    const cache = new MeasureCache();
    const document = parse('query($n: Int) { events(first: $n) { nodes { id } } }');
    expect(cache.measure(schema, document, options({ n: 7 })).resultSize).toBe(2 + 7);
    expect(cache.measure(schema, document, options({ n: 300 })).resultSize).toBe(2 + 300);
  });

  test('another schema measures the same document again', () => {
    const cache = new MeasureCache();
    const document = parse('{ events(first: 3) { nodes { id } } }');
    const first = cache.measure(schema, document, options());
    const other = cache.measure(Object.create(schema) as GraphQLSchema, document, options());
    expect(other).not.toBe(first);
    expect(other).toEqual(first);
  });
});

describe('unstorable strings with the literals judged once per document', () => {
  test('the first bad string in document order, whether a literal or a variable, every time the document is used', () => {
    const document = parse('query($a: String, $b: String) { x(text: $a) y(filter: { text: "ok\\u0000" }) z(text: $b) }');
    expect(findUnstorableString(document, { a: 'fine', b: 'bad\u0000' })).toEqual({ field: 'filter.text', text: 'ok\u0000' });
    expect(findUnstorableString(document, { a: 'x\ud800', b: 'fine' })).toEqual({ field: 'text', text: 'x\ud800' });
  });

  test('variables are judged per request; nested values keep their paths', () => {
    const document = parse('query($input: In) { create(input: $input) }');
    expect(findUnstorableString(document, { input: { title: { translations: [{ text: 'ok' }] } } })).toBeNull();
    expect(findUnstorableString(document, { input: { title: { translations: [{ text: 'no\u0000' }] } } })).toEqual({
      field: 'input.title.translations.0.text',
      text: 'no\u0000',
    });
    expect(findUnstorableString(document, {})).toBeNull();
  });

  test('a long filter value is refused by its path, a long other value is not', () => {
    const document = parse('query($f: F, $t: String) { a(filter: $f) b(text: $t) }');
    expect(findUnstorableString(document, { f: { text: 'x'.repeat(1001) } })?.field).toBe('filter.text');
    expect(findUnstorableString(document, { t: 'x'.repeat(5000) })).toBeNull();
  });
});

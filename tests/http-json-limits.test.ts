import { checkBodyDepth, checkVariables, DEFAULT_JSON_LIMITS, jsonDepth } from '../platform/http/json-limits.js';
import { startFederation, type TestFederation } from './support/federation.js';

// Request JSON is bounded (nesting depth of the body and of variables, size of variables) before
// anything reads it: HTTP 400 BAD_REQUEST naming the limit, never a stack overflow (HTTP 500).

describe('jsonDepth reads the text once, without recursion', () => {
  test('counts arrays and objects, not brackets inside strings or after escapes', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonDepth('{"a":"\\"[[[[","b":[]}')).toBe(2);
    expect(jsonDepth('["\\\\",[[]]]')).toBe(3);
  });

  test('stops as soon as the limit is passed, however deep the text goes', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(jsonDepth(deep, 32)).toBe(33);
    expect(jsonDepth(deep)).toBe(1_000_000);
  });

  test('body and variables checks name their limit', () => {
    const limits = { maxDepth: 4, maxVariablesDepth: 3, maxVariablesBytes: 20 };
    expect(checkBodyDepth('{"variables":{"a":[[1]]}}', limits)).toBeNull();
    expect(checkBodyDepth('{"variables":{"a":[[[1]]]}}', limits)?.extensions).toEqual({ code: 'BAD_REQUEST', limit: 'MAX_JSON_DEPTH', max: 4 });
    expect(checkVariables({ a: [[1]] }, limits)).toBeNull();
    expect(checkVariables({ a: [[[1]]] }, limits)?.extensions.limit).toBe('MAX_VARIABLES_DEPTH');
    expect(checkVariables({ a: 'x'.repeat(20) }, limits)?.extensions.limit).toBe('MAX_VARIABLES_BYTES');
    expect(checkVariables({ a: [1] }, limits)).toBeNull();
  });
});

describe('over HTTP, at the gateway (response cache on) and at a node', () => {
  let fed: TestFederation;
  beforeAll(async () => {
    fed = await startFederation({ countries: ['MN'], gatewayEnv: { RESPONSE_CACHE: 'on' } });
  }, 120000);
  afterAll(() => fed?.stop(), 60000);

  const QUERY = 'query Q($filter: EventFilter) { events(first: 2, filter: $filter) { totalCount } }';
  const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
  const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const urls = () => [fed.gateway.url, fed.nodes.get('MN')!.url];

  test('an unused variable nested 10,000 deep (20 KB) is 400 BAD_REQUEST, not a stack overflow', async () => {
    for (const url of urls()) {
      const res = await post(url, `{"query":${JSON.stringify(QUERY)},"variables":{"filter":null,"unused":${nested(10_000)}}}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.errors[0]!.extensions).toEqual({ code: 'BAD_REQUEST', limit: 'MAX_JSON_DEPTH', max: DEFAULT_JSON_LIMITS.maxDepth });
      expect(body.errors[0]!.message).toMatch(/nested more than 32 levels/);
    }
  });

  test('the same over GET, in variables and in extensions', async () => {
    for (const name of ['variables', 'extensions']) {
      // (1,000 levels: a URL over 16 KB is refused by Node's parser before, with 431.)
      const search = new URLSearchParams({ query: QUERY, [name]: `{"x":${nested(1000)}}` });
      const res = await fetch(`${fed.gateway.url}?${search}`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', limit: 'MAX_JSON_DEPTH' });
    }
  });

  test('variables over 1 MiB in a body under the 2 MiB limit are 400 naming MAX_VARIABLES_BYTES', async () => {
    const res = await post(fed.gateway.url, JSON.stringify({ query: QUERY, variables: { filter: null, big: 'x'.repeat(1_200_000) } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', limit: 'MAX_VARIABLES_BYTES' });
  });

  test('ordinary variables still work, and the service answers after the refusals', async () => {
    for (const url of urls()) {
      const res = await post(url, JSON.stringify({ query: QUERY, variables: { filter: { countries: ['MN'], from: '2000-01-01' } } }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.errors).toBeUndefined();
      expect(body.data.events.totalCount).toBeGreaterThan(0);
    }
  });
});

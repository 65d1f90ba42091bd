/**
 * A generated corpus of hostile HTTP requests for a GraphQL endpoint: the amplifiers of issue 7,
 * fragment bombs of several shapes, deep and wide queries, alias bombs, huge strings, NUL and
 * other control characters, garbage JSON, wrong content types, batched arrays, bad cursors and
 * malformed operations. Deterministic (seeded, per request) so a failure can be replayed.
 */
export interface HostileRequest {
  kind: string;
  method: 'GET' | 'POST' | 'PUT';
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Appended to the endpoint URL (GET). */
  search?: string;
}

/** mulberry32: a small seeded PRNG, so the corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function post(kind: string, query: string, variables?: unknown, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): HostileRequest {
  return { kind, method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify({ query, variables, ...extra }) };
}

function cursor(parts: unknown): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/** Each generator makes one request from a random source; `comment` defeats any plan or document cache. */
const GENERATORS: Array<(r: () => number, comment: string) => HostileRequest> = [
  // Issue 7's amplifiers.
  (r, c) => {
    const n = 8 + Math.floor(r() * 30);
    let text = `${c}\nfragment G0 on Event { id }\n`;
    for (let i = 1; i <= n; i++) text += `fragment G${i} on Event { ...G${i - 1} programme { events(first: 1) { ...G${i - 1} } } }\n`;
    return post('fragment doubling', `${text}{ events(first: 1) { nodes { ...G${n} } } }`);
  },
  (r, c) => {
    const first = [100, 160, 200, 500][Math.floor(r() * 4)];
    return post(
      'nested first lists',
      `${c}\n{ programme(id: "MN:PRG:secim") { events(first: ${first}) { programme { events(first: ${first}) { programme { events(first: ${first}) { id } } } } } } }`,
    );
  },
  (_r, c) => post('events × country × events', `${c}\n{ events(first: 500) { nodes { country { events(first: 500) { nodes { id } } } } } }`),
  (r, c) => {
    const depth = 20 + Math.floor(r() * 480);
    return post('deep nesting', `${c}\n{ event(id: "MN:EVT:x") { ${'programme { events(first: 1) { '.repeat(depth)}id${' } }'.repeat(depth)} } }`);
  },
  (r, c) => {
    const n = 50 + Math.floor(r() * 1500);
    return post('alias bomb', `${c}\n{ ${Array.from({ length: n }, (_, i) => `a${i}: events(first: 500) { totalCount }`).join(' ')} }`);
  },
  (r, c) => {
    const n = 11 + Math.floor(r() * 1000);
    return post(
      'aliased deletes, no token',
      `${c}\nmutation { ${Array.from({ length: n }, (_, i) => `d${i}: deleteEvent(id: "MN:EVT:x${i}", expectedVersion: 1)`).join(' ')} }`,
    );
  },
  // Other fragment bombs.
  (r, c) => {
    const n = 10 + Math.floor(r() * 40);
    let text = `${c}\nfragment F0 on Event { id title { text } }\n`;
    for (let i = 1; i <= n; i++) text += `fragment F${i} on Event { ...F${i - 1} ...F${i - 1} }\n`;
    return post('spread doubling', `${text}{ events { nodes { ...F${n} } } }`);
  },
  (r, c) => {
    const n = 100 + Math.floor(r() * 600);
    let text = c + '\n';
    for (let i = 0; i < n; i++) text += `fragment F${i} on Event { id title { text } programme { id } }\n`;
    return post('many fragments, same fields', `${text}{ events { nodes { ${Array.from({ length: n }, (_, i) => `...F${i}`).join(' ')} } } }`);
  },
  (r, c) => post('inline fragments, wide', `${c}\n{ events { nodes { ${'... on Event { id programme { id } } '.repeat(100 + Math.floor(r() * 900))} } } }`),
  (_r, c) => post('fragment cycle', `${c}\nfragment A on Event { ...B id } fragment B on Event { ...A title { text } } { events { nodes { ...A } } }`),
  (r, c) =>
    post(
      'same field, conflicting arguments',
      `${c}\n{ events { nodes { ${Array.from({ length: 100 + Math.floor(r() * 900) }, (_, i) => `title { text(lang: "l${i}") }`).join(' ')} } } }`,
    ),
  // Wide queries.
  (r, c) => post('wide repeated field', `${c}\n{ events { nodes { ${'id '.repeat(500 + Math.floor(r() * 4000))}} } }`),
  (r, c) => post('many tokens', `${c}\n{ ${'__typename '.repeat(5000 + Math.floor(r() * 30000))}}`),
  (r, c) => post('huge comment', `#${'x'.repeat(100_000 + Math.floor(r() * 1_500_000))}\n${c}\n{ __typename }`),
  (r, c) => post('many directives', `${c}\n{ events { totalCount ${'@include(if: true) '.repeat(31 + Math.floor(r() * 500))} } }`),
  // Huge strings.
  (r) => post('huge text filter', 'query($t: String) { events(filter: { text: $t }) { totalCount } }', { t: 'ab'.repeat(50_000 + Math.floor(r() * 400_000)) }),
  (r) =>
    post('huge write without token', 'mutation($t: String!) { createEvent(input: { country: MN, type: MEETING, title: { lang: "en", text: $t } }) { id } }', {
      t: 'x'.repeat(100_000 + Math.floor(r() * 1_000_000)),
    }),
  () => ({
    kind: 'body over 2 MB',
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ query: '{ __typename }', variables: { x: 'y'.repeat(2_200_000) } }),
  }),
  // NUL and other characters PostgreSQL cannot take.
  (r) => {
    const bad = ['\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u0000\u0001\u001f'][Math.floor(r() * 5)];
    const [query, variables] = [
      ['query($v: String) { events(filter: { text: $v }) { totalCount } }', { v: bad }],
      ['query($v: String) { programmes(filter: { code: $v }) { totalCount } }', { v: bad }],
      ['query($v: String) { organisations(filter: { globalRef: $v }) { totalCount } }', { v: bad }],
      ['query($v: ID!) { event(id: $v) { id } }', { v: `MN:EVT:${bad}` }],
      ['query($v: ID!) { events(filter: { programmeId: $v }) { totalCount } }', { v: `MN:PRG:${bad}` }],
      ['query($v: String) { events(after: $v) { totalCount } }', { v: bad }],
      ['query($v: [_Any!]!) { _entities(representations: $v) { ... on Event { id } } }', { v: [{ __typename: 'Event', id: `MN:EVT:${bad}` }] }],
    ][Math.floor(r() * 7)] as [string, Record<string, unknown>];
    return post('unstorable characters', query, variables);
  },
  (r) => post('NUL in a literal', `{ events(filter: { text: "${['\\u0000', 'a\\u0000', '\\ud800'][Math.floor(r() * 3)]}" }) { totalCount } }`),
  (r) =>
    post('control characters', `query($v: String) { events(filter: { text: $v }) { totalCount } }`, {
      v: String.fromCharCode(1 + Math.floor(r() * 31)).repeat(10),
    }),
  // Bad cursors.
  (r) => {
    const bad = [
      'not a cursor',
      '',
      '!!!',
      'A'.repeat(10_000),
      cursor(['START_DATE_DESC', null, 'MN:EVT:\u0000']),
      cursor(['START_DATE_DESC', '2017-02-30', 'x']),
      cursor(['ID_ASC', 5, 'x']),
      cursor(['UPDATED_AT_DESC', 'yesterday', 'x']),
      cursor(['START_DATE_ASC', '99999-01-01', 'x']),
      cursor({ a: 1 }),
      cursor([]),
      cursor('x'),
    ][Math.floor(r() * 12)];
    return post('bad cursor', 'query($a: String) { events(after: $a, first: 5) { totalCount nodes { id } } }', { a: bad });
  },
  // Garbage JSON, wrong content types, batches, methods.
  (r) => {
    const bodies = [
      '{',
      '{"query":',
      'null',
      '"x"',
      '[]',
      '{"query": 5}',
      '{"query": "{ __typename }", "variables": "x"}',
      '{"query": "{ __typename }", "variables": [1]}',
      '[[[[[[[[[[',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      '{"query": "{ __typename }", "extensions": 7}',
      '\u0000\u0001',
      String(Math.floor(r() * 1e9)),
    ];
    return { kind: 'garbage JSON', method: 'POST', headers: JSON_HEADERS, body: bodies[Math.floor(r() * bodies.length)] };
  },
  (r) => ({
    kind: 'random bytes',
    method: 'POST',
    headers: JSON_HEADERS,
    body: Buffer.from(Array.from({ length: 1 + Math.floor(r() * 5000) }, () => Math.floor(r() * 256))),
  }),
  (r) => {
    const type = [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/graphql',
      '',
      'application/json; charset=latin1',
    ][Math.floor(r() * 7)];
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    return { kind: 'wrong content type', method: 'POST', headers, body: JSON.stringify({ query: '{ events { totalCount } }' }) };
  },
  (r) => {
    const n = [0, 2, 10, 1000][Math.floor(r() * 4)];
    return {
      kind: 'batched array',
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ events(first: 500) { totalCount } }' }))),
    };
  },
  (r) => ({
    kind: 'GET mutation',
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
    search: `?query=${encodeURIComponent(`mutation { deleteEvent(id: "MN:EVT:x${Math.floor(r() * 100)}", expectedVersion: 1) }`)}`,
  }),
  (r) => ({
    kind: 'GET huge query',
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
    search: `?query=${encodeURIComponent(`{ ${'__typename '.repeat(1000 + Math.floor(r() * 6000))}}`)}`,
  }),
  () => ({ kind: 'PUT', method: 'PUT', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ __typename }' }) }),
  // Malformed operations.
  (r) => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['query A { __typename } query B { __typename }', {}],
      ['query A { __typename }', { operationName: 'Z' }],
      ['subscription { events { totalCount } }', {}],
      ['fragment F on Event { id }', {}],
      ['{ __typename }', { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }],
      ['{ __typename }', { extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }],
      ['{ events(first: -1) { totalCount } }', {}],
      ['{ events(first: 1000000000) { totalCount } }', {}],
      ['{ events(first: 99999999999) { totalCount } }', {}],
      ['{ events(filter: { from: "2017-02-30" }) { totalCount } }', {}],
      ['{ events(filter: { updatedSince: "275760-09-13T00:00:00Z" }) { totalCount } }', {}],
      ['{ events(filter: { countries: [XX, "mn", 5] }) { totalCount } }', {}],
      ['{ event(id: "") { id } }', {}],
      ['{ nope }', {}],
      ['{ events( }', {}],
    ];
    const [query, extra] = cases[Math.floor(r() * cases.length)];
    return post('malformed operation', query, undefined, extra);
  },
  (r) => ({
    kind: 'persisted query unknown',
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: Math.floor(r() * 1e12).toString(16) } } }),
  }),
  (r) =>
    post(
      'bad bearer token',
      'mutation { deleteEvent(id: "MN:EVT:x", expectedVersion: 1) }',
      undefined,
      {},
      { authorization: ['Bearer', 'Bearer x', 'Basic abc', 'Bearer a.b.c', `Bearer ${'x'.repeat(10_000)}`][Math.floor(r() * 5)] },
    ),
];

/**
 * Request `index` of corpus `seed`, cycling through every generator so each shape is represented.
 * Built on demand: a whole corpus is hundreds of megabytes of bodies, whose garbage collection
 * would pause the servers under test (they share the test's process).
 */
export function hostileRequest(seed: number, index: number): HostileRequest {
  return GENERATORS[index % GENERATORS.length](random(seed * 1_000_003 + index), `# ${seed}-${index}`);
}

/** Kinds of request in the corpus, in generator order. */
export const HOSTILE_KINDS = GENERATORS.length;

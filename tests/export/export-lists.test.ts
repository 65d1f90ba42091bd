import { getNamedType, type GraphQLObjectType } from 'graphql';
import { readShardingSpec, type EntityKey, type ExportRule, type RowField } from '../../gateway/sharding/spec.js';
import { countrySchema } from '../../subgraphs/country/schema.js';
import { startFederation, type TestFederation } from '../support/federation.js';
import { readExport, cuttableFronts } from './support.js';

/*
 * Every list the country subgraph declares exported (@shardExport), through the real federation
 * (seeded nodes, the gateway, real HTTP and PostgreSQL cursors): each export must be exactly the
 * concatenation of the GraphQL list's pages, row for row and cursor for cursor. The GraphQL
 * selection is built from the declared fields, so a field added to a declaration is compared too.
 */

jest.setTimeout(180_000);

let fed: TestFederation;
let declared: Map<string, ExportRule>;
let entityKeys: Map<string, EntityKey>;
const { fronts, front } = cuttableFronts();
const exportUrl = (path: string, params: Record<string, string> = {}) => `${fed.gateway.url.replace(/\/graphql$/, '')}${path}?${new URLSearchParams(params)}`;

beforeAll(async () => {
  const { spec, errors } = readShardingSpec((await countrySchema()).typeDefs);
  if (!spec) throw new Error(errors.join('; '));
  declared = spec.exports;
  entityKeys = spec.entityKeys;
  fed = await startFederation({
    front,
  });
});

afterAll(async () => {
  await fed?.stop();
});

/** The entity type a reference field of `type` names. */
function entityOf(type: GraphQLObjectType, f: RowField): string {
  return getNamedType(type.getFields()[f.name]!.type).name;
}

/** The GraphQL selection of a declared row: references by their key, objects with their fields. */
function selection(fields: RowField[], type: GraphQLObjectType): string {
  return fields
    .map((f) => {
      if (f.shape.kind === 'ref') return `${f.name} { ${entityKeys.get(entityOf(type, f))!.field} }`;
      if (f.shape.kind === 'object') return `${f.name} { ${selection(f.shape.fields, getNamedType(type.getFields()[f.name]!.type) as GraphQLObjectType)} }`;
      return f.name;
    })
    .join(' ');
}

/** A GraphQL node written as the export writes its row. */
function asRow(fields: RowField[], node: any, type: GraphQLObjectType): any {
  const one = (f: RowField, v: any): any => {
    if (v === null || v === undefined) return null;
    if (f.shape.kind === 'ref') return v[entityKeys.get(entityOf(type, f))!.field];
    if (f.shape.kind === 'object') return asRow(f.shape.fields, v, getNamedType(type.getFields()[f.name]!.type) as GraphQLObjectType);
    return v;
  };
  return Object.fromEntries(fields.map((f) => [f.key, f.list && Array.isArray(node[f.name]) ? node[f.name].map((v: any) => one(f, v)) : one(f, node[f.name])]));
}

/** Every page of the list with these arguments through the gateway (small pages: many cursors), as export lines. */
async function pagesAsLines(rule: ExportRule, args: { filter?: unknown; orderBy?: string }): Promise<string[]> {
  const { schema } = await countrySchema();
  const rowType = schema.getType(rule.rowType) as GraphQLObjectType;
  const field = schema.getQueryType()!.getFields()[rule.field]!;
  const filterType = String(field.args.find((a) => a.name === rule.filterArgument)!.type);
  const orderArg = rule.page.orderArgument ? field.args.find((a) => a.name === rule.page.orderArgument) : null;
  const lines: string[] = [];
  let after: string | null = null;
  for (;;) {
    const answer = await fed.query(
      `query($filter: ${filterType}${orderArg ? `, $order: ${String(orderArg.type)}` : ''}, $after: String) {
        list: ${rule.field}(filter: $filter${orderArg ? ', orderBy: $order' : ''}, first: 7, after: $after) {
          edges { cursor node { ${selection(rule.fields, rowType)} } } pageInfo { hasNextPage endCursor } } }`,
      { filter: args.filter ?? null, ...(orderArg ? { order: args.orderBy ?? orderArg.defaultValue } : {}), after },
    );
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    for (const edge of answer.data.list.edges) lines.push(`${JSON.stringify({ cursor: edge.cursor, node: asRow(rule.fields, edge.node, rowType) })}\n`);
    if (!answer.data.list.pageInfo.hasNextPage) return lines;
    after = answer.data.list.pageInfo.endCursor;
  }
}

describe('every declared list is exported as its GraphQL pages', () => {
  it('declares the five sharded lists', () => {
    expect([...declared.keys()].sort()).toEqual(['events', 'organisations', 'partnerships', 'people', 'programmes']);
  });

  it.each([
    ['organisations', {}],
    ['organisations', { filter: { countries: ['KG', 'AZ'], constituentGroups: ['WORKERS', 'EMPLOYERS', 'GOVERNMENT'] } }],
    ['programmes', {}],
    ['programmes', { orderBy: 'START_DATE_ASC' }],
    ['programmes', { orderBy: 'UPDATED_AT_DESC', filter: { countries: ['MN', 'VN', 'KG'] } }],
    ['people', {}],
    ['people', { filter: { text: 'a' } }],
    ['partnerships', {}],
    ['events', { orderBy: 'START_DATE_ASC' }],
  ])('%s %j', async (path, args: { filter?: unknown; orderBy?: string }) => {
    const rule = declared.get(path)!;
    const expected = await pagesAsLines(rule, args);
    const params: Record<string, string> = {};
    if (args.orderBy) params.orderBy = args.orderBy;
    if (args.filter) params.filter = JSON.stringify(args.filter);
    const { status, body } = await readExport(exportUrl(`/export/${path}.ndjson`, params));
    expect(status).toBe(200);
    expect(expected.length).toBeGreaterThan(1);
    expect(body).toBe(expected.join('') + `{"end":{"rows":${expected.length}}}\n`);
  });

  it('writes CSV with the declared fields as columns, the cursor last, and #end', async () => {
    const ndjson = (await readExport(exportUrl('/export/people.ndjson'))).body.split('\n').filter((l) => l.startsWith('{"cursor"'));
    const { status, body } = await readExport(exportUrl('/export/people.csv'));
    expect(status).toBe(200);
    expect(body.split('\r\n')[0]).toBe(
      '\uFEFFid,country,name,name_original,name_original_lang,name_variants,global_ref,email,phone,roles,sources,updated_at,version,cursor',
    );
    expect(body.endsWith(`#end,${ndjson.length}\r\n`)).toBe(true);
  });
});

describe('what an export of a list is not', () => {
  it('an undeclared path is a 404 naming the exports there are', async () => {
    const res = await readExport(exportUrl('/export/contacts.ndjson'));
    expect(res.status).toBe(404);
    const error = JSON.parse(res.body).errors[0];
    expect(error.extensions.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/^No export at \/export\/contacts\.ndjson; the exports are .*\/export\/organisations\.ndjson\|csv/);
    expect((await readExport(exportUrl('/export/organisations.json'))).status).toBe(404);
  });

  it('a list ordered by id takes no orderBy, and its filter is its own', async () => {
    const ordered = await readExport(exportUrl('/export/partnerships.csv', { orderBy: 'START_DATE_DESC' }));
    expect([ordered.status, JSON.parse(ordered.body).errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    const filtered = await readExport(exportUrl('/export/partnerships.ndjson', { filter: '{"types":["TRAINING"]}' }));
    expect([filtered.status, JSON.parse(filtered.body).errors[0].message]).toEqual([400, expect.stringMatching(/types/)]);
  });
});

describe('a country that stops in the middle of an organisations export', () => {
  it('ends it with an error line naming the country after a correct prefix, and after= resumes it', async () => {
    const full = (await readExport(exportUrl('/export/organisations.ndjson'))).body.split('\n').filter((l) => l.startsWith('{"cursor"'));
    // KG's node answer is dropped halfway through (it writes about what the gateway passes on).
    const kg = (await readExport(exportUrl('/export/organisations.ndjson', { filter: '{"countries":["KG"]}' }))).body;
    expect(kg.split('\n').length).toBeGreaterThan(4);
    fronts.get('KG')!.cutExportsAfter = Math.floor(kg.length / 2);
    const received = await readExport(exportUrl('/export/organisations.ndjson'))
      .then((r) => r.body)
      .finally(() => (fronts.get('KG')!.cutExportsAfter = null));
    const lines = received.trimEnd().split('\n');
    const last = JSON.parse(lines[lines.length - 1]!);
    expect(last.error).toMatchObject({ code: 'COUNTRY_UNAVAILABLE', country: 'KG' });
    expect(received).not.toMatch(/"end"/);
    const prefix = lines.slice(0, -1);
    expect(prefix.length).toBeLessThan(full.length);
    expect(prefix).toEqual(full.slice(0, prefix.length));
    const rest = (await readExport(exportUrl('/export/organisations.ndjson', last.error.after ? { after: last.error.after } : {}))).body
      .split('\n')
      .filter((l) => l.startsWith('{"cursor"'));
    expect([...prefix, ...rest]).toEqual(full);
  });
});

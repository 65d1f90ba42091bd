import {
  getNamedType,
  isLeafType,
  isObjectType,
  parse,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { columnsToRead, nodeSelectionOf } from '../subgraphs/country/data/columns.js';
import { Event } from '../subgraphs/country/entities/event.entity.js';
import { usePlainFieldResolvers } from '../subgraphs/country/plain-fields.js';
import { countrySchema } from '../subgraphs/country/schema.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// A page reads only the columns of the fields its query selected on the nodes (issue 26:
// decoding unused columns was a sixth of a node's CPU); any field with code behind it keeps
// whole rows, and every answer is the same as from whole rows.

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = (await countrySchema()).schema;
  usePlainFieldResolvers(schema);
});

/** The parts of a resolver's info that nodeSelectionOf reads, for the first root field of `source`. */
function infoOf(source: string): GraphQLResolveInfo {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  const field = operation.selectionSet.selections[0] as FieldNode;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [field], fragments, returnType: schema.getQueryType()!.getFields()[field.name.value].type } as unknown as GraphQLResolveInfo;
}

describe('the node fields a connection query selected', () => {
  test('under edges.node and nodes, through fragments, without __typename; other parts of the connection are not node fields', () => {
    const selection = nodeSelectionOf(
      infoOf(`query { events(first: 3) {
        __typename totalCount pageInfo { endCursor } shard__edges: edges { cursor }
        edges { cursor node { __typename id ... on Event { city } ...E } }
        nodes { type }
      } } fragment E on Event { title { original } }`),
    );
    expect(selection?.type.name).toBe('Event');
    expect([...selection!.fields].sort()).toEqual(['city', 'id', 'title', 'type']);
  });

  test('a field that is not a connection of objects has no node selection', () => {
    expect(nodeSelectionOf(infoOf('{ event(id: "KG:EVT:x") { id } }'))).toBeNull();
  });
});

describe('the columns a page reads', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode('KG');
  });
  afterAll(async () => {
    await node?.stop();
  });

  const columnsFor = (source: string, cursorKeys = ['startDate']) => columnsToRead(node.reads.getMetadata(Event), nodeSelectionOf(infoOf(source)), cursorKeys);

  test("plain fields narrow the read to their columns, the primary key and the order's cursor keys", () => {
    expect(columnsFor('{ events { nodes { city title { original } } } }')?.sort()).toEqual(['city', 'id', 'startDate', 'title']);
    expect(columnsFor('{ events { nodes { city } } }', ['updatedAt'])?.sort()).toEqual(['city', 'id', 'updatedAt']);
    expect(columnsFor('{ events { nodes { city } } }', [])?.sort()).toEqual(['city', 'id']);
    // A cursor key the entity does not have: whole rows rather than a cursor made from nothing.
    expect(columnsFor('{ events { nodes { city } } }', ['nonesuch'])).toBeNull();
  });

  test('a field with a resolver, or no node selection, reads whole rows', () => {
    expect(columnsFor('{ events { nodes { city country { code } } } }')).toBeNull();
    expect(columnsFor('{ events { nodes { id programme { id } } } }')).toBeNull();
    expect(columnsToRead(node.reads.getMetadata(Event), null, [])).toBeNull();
  });

  test('a page of plain fields sends no unselected column to PostgreSQL', async () => {
    const sent: string[] = [];
    const begin = node.statements.begin.bind(node.statements);
    const spy = jest.spyOn(node.statements, 'begin').mockImplementation((text: string) => (sent.push(text), begin(text)));
    try {
      const body = await node.query('{ events(first: 3) { edges { node { id city } } pageInfo { endCursor } } }');
      expect(body.errors).toBeUndefined();
      expect(body.data.events.edges).toHaveLength(3);
    } finally {
      spy.mockRestore();
    }
    const select = sent.find((s) => s.includes('FROM "event"'));
    expect(select).toBeDefined();
    expect(select).toContain('"city"');
    expect(select).not.toContain('search_text');
    expect(select).not.toContain('"outcomes"');
  });

  /** Every plain field of `type` that takes no arguments, with the leaves of object fields (two levels). */
  const plainSelection = (type: GraphQLObjectType, depth = 0): string =>
    Object.values(type.getFields())
      .filter((f) => f.resolve === undefined && f.args.length === 0)
      .map((f) => {
        const named = getNamedType(f.type);
        if (isLeafType(named)) return f.name;
        if (isObjectType(named) && depth < 2) {
          const inner = plainSelection(named, depth + 1);
          return inner ? `${f.name} { ${inner} }` : '';
        }
        return '';
      })
      .filter(Boolean)
      .join(' ');

  test.each([
    ['events', 'START_DATE_DESC'],
    ['events', 'START_DATE_ASC'],
    ['events', 'UPDATED_AT_DESC'],
    ['programmes', 'START_DATE_ASC'],
    ['organisations', null],
  ])('%s in %s order: the same ids and cursors from a narrow read as from whole rows, page after page', async (list, order) => {
    const page = (extra: string, after: string | null) =>
      node.query(
        `query($after: String) { ${list}(first: 3, after: $after${order ? `, orderBy: ${order}` : ''}) { edges { cursor node { id ${extra} } } pageInfo { endCursor hasNextPage } } }`,
        { after },
      );
    let after: string | null = null;
    for (let i = 0; i < 4; i++) {
      const [narrow, whole] = await Promise.all([page('', after), page('country { code }', after)]);
      expect(narrow.errors).toBeUndefined();
      const { edges, pageInfo } = narrow.data[list];
      expect(edges.length).toBeGreaterThan(0);
      expect(pageInfo).toEqual(whole.data[list].pageInfo);
      expect(edges).toEqual(whole.data[list].edges.map((e: { cursor: string; node: { id: string } }) => ({ cursor: e.cursor, node: { id: e.node.id } })));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor as string;
    }
  });

  test.each(['events', 'programmes', 'organisations', 'people', 'partnerships'])(
    '%s: every plain field read from its own columns equals the same field read from whole rows',
    async (list) => {
      const nodeType = getNamedType(
        (getNamedType(schema.getQueryType()!.getFields()[list].type) as GraphQLObjectType).getFields().nodes.type,
      ) as GraphQLObjectType;
      const fields = plainSelection(nodeType);
      // `country` has a resolver, so its page reads whole rows.
      const [narrow, whole] = await Promise.all([
        node.query(`{ ${list}(first: 50) { nodes { ${fields} } pageInfo { endCursor hasNextPage } } }`),
        node.query(`{ ${list}(first: 50) { nodes { ${fields} country { code } } pageInfo { endCursor hasNextPage } } }`),
      ]);
      expect(narrow.errors).toBeUndefined();
      expect(whole.errors).toBeUndefined();
      expect(narrow.data[list].nodes.length).toBeGreaterThan(0);
      expect(narrow.data).toEqual({
        [list]: { ...whole.data[list], nodes: whole.data[list].nodes.map(({ country: _country, ...rest }: Record<string, unknown>) => rest) },
      });
    },
  );
});

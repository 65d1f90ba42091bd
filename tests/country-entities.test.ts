/**
 * Federation surface of a country node: `_entities` for every keyed type, the bounded SQL cost of
 * a page (no N+1), and byte-identical SDL whatever the node's country (also across processes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { execute, parse } from 'graphql';
import { countrySchema } from '../subgraphs/country/schema.js';
import { sumOf } from '../platform/observability/prometheus-text.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';
import { generateCountryData, insertCountryData, referenceSort, type CountryData } from './support/generate.js';
import { postGraphQL, startTestNode, type TestNode } from './support/nodes.js';

const CC = 'KG';
let node: TestNode;
let data: CountryData;

beforeAll(async () => {
  node = await startTestNode(CC, { seed: false });
  data = generateCountryData(CC, { events: 90, programmes: 20, seed: 3 });
  // Every event has a programme, organisers and participants, so a page of 5 and a page of 50
  // need the same relations (the statement counts are then directly comparable).
  const orgs = data.organisations.map((o) => o.id);
  data.events.forEach((e, i) => {
    e.programmeId ??= data.programmes[i % data.programmes.length].id;
    if (!e.organiserIds.length) e.organiserIds = [orgs[i % orgs.length]];
    if (!e.participantIds.length) e.participantIds = [orgs[(i + 1) % orgs.length]].filter((id) => !e.organiserIds.includes(id));
    if (!e.participantIds.length) e.participantIds = [orgs[(i + 2) % orgs.length]];
  });
  await insertCountryData(node.ds, data);
});
afterAll(async () => {
  await node?.stop();
});

const ENTITIES = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    __typename
    ... on Programme { id title { original } country { code } }
    ... on Event { id type programme { id } }
    ... on Partnership { id organisation { id } }
    ... on Organisation { id name { original } }
    ... on Country { code events(first: 3) { totalCount nodes { id } } }
  }
}`;

describe('_entities', () => {
  test('resolves every keyed type, in representation order; foreign or unknown ids → null', async () => {
    const [e0, e1] = [data.events[5], data.events[17]];
    const p = data.programmes[3];
    const o = data.organisations[2];
    const ps = data.partnerships[4];
    const representations = [
      { __typename: 'Event', id: e1.id },
      { __typename: 'Programme', id: p.id },
      { __typename: 'Event', id: 'MN:EVT:2017-03-29-tvet-discussion' },
      { __typename: 'Organisation', id: o.id },
      { __typename: 'Country', code: CC },
      { __typename: 'Partnership', id: ps.id },
      { __typename: 'Event', id: e0.id },
      { __typename: 'Programme', id: 'AZ:PRG:dwcp' },
      { __typename: 'Event', id: `${CC}:EVT:does-not-exist` },
      { __typename: 'Organisation', id: 'VN:ORG:g-0000' },
      { __typename: 'Partnership', id: 'MN:PSH:g-0000' },
      { __typename: 'Country', code: 'MN' },
    ];
    const res = await node.query(ENTITIES, { r: representations });
    expect(res.errors).toBeUndefined();
    const top3 = referenceSort(data.events, 'START_DATE_DESC')
      .slice(0, 3)
      .map((e) => ({ id: e.id }));
    expect(res.data._entities).toEqual([
      { __typename: 'Event', id: e1.id, type: e1.type, programme: { id: e1.programmeId } },
      { __typename: 'Programme', id: p.id, title: { original: p.title.original }, country: { code: CC } },
      null,
      { __typename: 'Organisation', id: o.id, name: { original: o.name.original } },
      { __typename: 'Country', code: CC, events: { totalCount: data.events.length, nodes: top3 } },
      { __typename: 'Partnership', id: ps.id, organisation: { id: ps.organisationId } },
      { __typename: 'Event', id: e0.id, type: e0.type, programme: { id: e0.programmeId } },
      null,
      null,
      null,
      null,
      // Another country's Country entity: this node holds none of its rows.
      { __typename: 'Country', code: 'MN', events: { totalCount: 0, nodes: [] } },
    ]);
  });

  test('Country entity lists honour filters, order and paging like the root lists', async () => {
    const q = `query($r: [_Any!]!, $after: String) { _entities(representations: $r) {
      ... on Country { programmes(orderBy: START_DATE_ASC, first: 4, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } }
                       partnerships(first: 500) { totalCount } } } }`;
    const r = [{ __typename: 'Country', code: CC }];
    const expected = referenceSort(data.programmes, 'START_DATE_ASC').map((p) => p.id);
    const first = await node.query(q, { r });
    expect(first.errors).toBeUndefined();
    const c = first.data._entities[0];
    expect(c.programmes.nodes.map((n: { id: string }) => n.id)).toEqual(expected.slice(0, 4));
    expect(c.programmes.totalCount).toBe(data.programmes.length);
    expect(c.partnerships.totalCount).toBe(data.partnerships.length);
    const second = await node.query(q, { r, after: c.programmes.pageInfo.endCursor });
    expect(second.data._entities[0].programmes.nodes.map((n: { id: string }) => n.id)).toEqual(expected.slice(4, 8));
  });

  test('entity lookups by id on the root fields', async () => {
    const e = data.events[0];
    const res = await node.query(
      `query($id: ID!, $other: ID!) { event(id: $id) { id } foreign: event(id: $other) { id } missing: programme(id: "${CC}:PRG:nope") { id } }`,
      {
        id: e.id,
        other: 'MN:EVT:g-0000',
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ event: { id: e.id }, foreign: null, missing: null });
  });
});

describe('no N+1: statements per page do not grow with the page', () => {
  const EVENTS = (first: number) => `{ events(first: ${first}) {
    totalCount
    nodes { id organisers { id name { original } } participants { id acronym } programme { title { original } } country { code } }
  } }`;

  async function measure(query: string): Promise<{ viaCounter: number; viaMetrics: number; data: any }> {
    const metrics = async () => sumOf(await (await fetch(node.url.replace(/graphql$/, 'metrics'))).text(), 'ilo_sql_statements_total');
    const beforeMetrics = await metrics();
    const before = node.statements.count;
    const res = await node.query(query);
    const viaCounter = node.statements.count - before;
    const viaMetrics = (await metrics()) - beforeMetrics;
    expect(res.errors).toBeUndefined();
    return { viaCounter, viaMetrics, data: res.data };
  }

  test('events(first: 50) with organisers, participants, programme and country costs what events(first: 5) costs', async () => {
    const small = await measure(EVENTS(5));
    const large = await measure(EVENTS(50));
    console.log(`SQL statements: events(first: 5) = ${small.viaCounter}, events(first: 50) = ${large.viaCounter}`);
    expect(small.data.events.nodes).toHaveLength(5);
    expect(large.data.events.nodes).toHaveLength(50);
    // The page really needed every relation.
    for (const n of large.data.events.nodes) {
      expect(n.organisers.length).toBeGreaterThan(0);
      expect(n.participants.length).toBeGreaterThan(0);
      expect(n.programme).not.toBeNull();
    }
    expect(large.viaCounter).toBe(small.viaCounter);
    expect(large.viaMetrics).toBe(large.viaCounter);
    expect(small.viaMetrics).toBe(small.viaCounter);
    // rows + count + organisers + participants + programmes, plus the request's read transaction
    // (BEGIN … SET LOCAL statement_timeout, then ROLLBACK: see data/request-db.ts)
    expect(large.viaCounter).toBeLessThanOrEqual(5 + 2);
  });

  test('nested relations of programmes are batched too', async () => {
    const q = (first: number) => `{ programmes(first: ${first}) { nodes { id partnerships { id organisation { id } programme { id } }
      events(first: 3) { id organisers { id } } } } }`;
    const small = await measure(q(2));
    const large = await measure(q(20));
    console.log(`SQL statements: programmes(first: 2) nested = ${small.viaCounter}, programmes(first: 20) nested = ${large.viaCounter}`);
    expect(large.data.programmes.nodes).toHaveLength(20);
    expect(large.viaCounter).toBe(small.viaCounter);
  });

  test('the organisers and participants are the stored ones, in order', async () => {
    const { data: d } = await measure(`{ events(first: 500, orderBy: START_DATE_ASC) { nodes { id organisers { id } participants { id } } } }`);
    const byId = new Map(data.events.map((e) => [e.id, e]));
    for (const n of d.events.nodes) {
      expect(n.organisers.map((o: { id: string }) => o.id)).toEqual(byId.get(n.id)!.organiserIds);
      expect(n.participants.map((o: { id: string }) => o.id)).toEqual(byId.get(n.id)!.participantIds);
    }
  });
});

describe('SDL is the same on every node', () => {
  const SDL = '{ _service { sdl } }';
  const nodes: TestNode[] = [];
  const children: ChildProcess[] = [];
  const databases: TestDatabase[] = [];

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
    }
    await Promise.all(nodes.map((n) => n.stop()));
    await Promise.all(databases.map((d) => d.drop()));
  });

  /** The compiled node in its own process (so no module cache is shared), over an empty test database. */
  async function spawnNode(country: string): Promise<string> {
    const db = await createTestDatabase(`sdl_${country}`);
    databases.push(db);
    const child = spawn(process.execPath, [path.resolve(__dirname, '../dist/subgraphs/country/index.js'), '--country', country, '--port', '0'], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url, SEED_ON_START: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /ready in \d+ ms at (http:\/\/\S+\/graphql)/.exec(out);
        if (m) resolve(m[1]);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (c: Buffer) => {
        out += c.toString();
      });
      child.once('exit', (code) => reject(new Error(`node ${country} exited with ${code}: ${out}`)));
    });
  }

  test('MN, KG, AZ, VN in-process and MN, VN as separate processes serve byte-identical SDL', async () => {
    for (const cc of ['MN', 'AZ', 'VN']) nodes.push(await startTestNode(cc, { seed: false }));
    const inProcess = [node, ...nodes];
    const sdls: string[] = [];
    for (const n of inProcess) {
      const res = await n.query(SDL);
      expect(res.errors).toBeUndefined();
      sdls.push(res.data._service.sdl);
    }
    const urls = await Promise.all([spawnNode('MN'), spawnNode('VN')]);
    for (const url of urls) {
      const res = await postGraphQL(url, SDL);
      expect(res.errors).toBeUndefined();
      sdls.push(res.data._service.sdl);
    }
    // And the schema built here from countrySchema(), with no node configuration at all.
    const { schema } = await countrySchema();
    const local = (await execute({ schema, document: parse(SDL) })) as { data: { _service: { sdl: string } } };
    sdls.push(local.data._service.sdl);

    expect(sdls).toHaveLength(7);
    for (const sdl of sdls) expect(sdl).toBe(sdls[0]);
    // The SDL is the real subgraph: keyed entities and the contract's lists, no country baked in.
    expect(sdls[0]).toMatch(/type Event implements Node\s+@shardKey\(field: "id", by: "PREFIX"\)\s+@key\(fields: "id"\)/);
    expect(sdls[0]).toMatch(/type Country\s+@shardKey\(field: "code", by: "VALUE"\)\s+@key\(fields: "code"\)/);
    expect(sdls[0]).toMatch(
      /eventStats\((filter: EventFilter, groupBy: \[EventDimension!\]!|groupBy: \[EventDimension!\]!, filter: EventFilter)\): \[EventStat!\]!/,
    );
    for (const cc of ['MN', 'KG', 'AZ', 'VN']) expect(sdls[0]).not.toMatch(new RegExp(`"${cc}"`));
  });
});

import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { startFederation, type TestFederation } from './support/federation.js';

// People through the whole federation: created on two nodes by their own editors, then read,
// merged, routed and searched through the gateway exactly as events are.

let fed: TestFederation;
const editorOf = async (country: string) => ({
  authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: `people-${country}`, role: 'editor', country })}`,
});

beforeAll(async () => {
  fed = await startFederation({ countries: ['MN', 'KG', 'AZ'] });
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

const PERSON =
  'id version country { code } name { original text(lang: "en") } nameVariants { original } globalRef email roles { title { original } asOf organisation { id } event { id } programme { id } }';
const CREATE = `mutation($input: PersonInput!) { createPerson(input: $input) { ${PERSON} } }`;

async function anyId(kind: 'events' | 'organisations', country: string): Promise<string> {
  const res = await fed.query(`{ ${kind}(filter: { countries: [${country}] }, first: 1) { nodes { id } } }`);
  return res.data[kind].nodes[0].id;
}

describe('people', () => {
  let kgPerson: { id: string; version: number };
  let kgEvent: string;
  let kgOrg: string;

  beforeAll(async () => {
    kgEvent = await anyId('events', 'KG');
    kgOrg = await anyId('organisations', 'KG');
    const created = await fed.query(
      CREATE,
      {
        input: {
          country: 'KG',
          name: { lang: 'ky', text: 'Айгүл Test Токтосунова', translations: [{ lang: 'en', text: 'Aigul Test Toktosunova' }] },
          nameVariants: [{ lang: 'ru', text: 'Айгуль Тестовна' }],
          globalRef: 'local:person:test-aigul',
          roles: [{ title: { lang: 'en', text: 'moderator of the test meeting' }, eventId: kgEvent, organisationId: kgOrg, asOf: '2016-10-28' }],
          email: 'aigul@example.org',
          sources: [{ document: 'test', excerpt: null }],
        },
      },
      await editorOf('KG'),
    );
    expect(created.errors).toBeUndefined();
    kgPerson = created.data.createPerson;
    const mn = await fed.query(
      CREATE,
      {
        input: {
          country: 'MN',
          name: { lang: 'mn', text: 'Батболд Тест', translations: [{ lang: 'en', text: 'Batbold Test' }] },
          globalRef: 'local:person:test-aigul',
        },
      },
      await editorOf('MN'),
    );
    expect(mn.errors).toBeUndefined();
  });

  test('a created person is read back with roles tied to the records of its node', async () => {
    const res = await fed.query(`query($id: ID!) { person(id: $id) { ${PERSON} } }`, { id: kgPerson.id });
    expect(res.data.person).toMatchObject({
      id: expect.stringMatching(/^KG:PER:aigul-test-toktosunova/),
      version: 1,
      country: { code: 'KG' },
      name: { original: 'Айгүл Test Токтосунова', text: 'Aigul Test Toktosunova' },
      nameVariants: [{ original: 'Айгуль Тестовна' }],
      roles: [
        { title: { original: 'moderator of the test meeting' }, asOf: '2016-10-28', event: { id: kgEvent }, organisation: { id: kgOrg }, programme: null },
      ],
    });
  });

  test('the record a role points at lists the person', async () => {
    const res = await fed.query(`query($id: ID!) { event(id: $id) { people { id } } }`, { id: kgEvent });
    expect(res.data.event.people).toEqual([{ id: kgPerson.id }]);
    const org = await fed.query(`query($id: ID!) { organisation(id: $id) { people { id } } }`, { id: kgOrg });
    expect(org.data.organisation.people.map((p: { id: string }) => p.id)).toContain(kgPerson.id);
  });

  test('people pages merge across nodes in id order; a globalRef finds the same person on every node', async () => {
    const res = await fed.query(
      '{ people(filter: { globalRef: "local:person:test-aigul" }, first: 1) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
    );
    expect(res.data.people.totalCount).toBe(2);
    expect(res.data.people.nodes[0].id).toMatch(/^KG:PER:/); // KG < MN
    const next = await fed.query(
      'query($after: String) { people(filter: { globalRef: "local:person:test-aigul" }, first: 1, after: $after) { nodes { id } pageInfo { hasNextPage } } }',
      { after: res.data.people.pageInfo.endCursor },
    );
    expect(next.data.people).toEqual({ nodes: [{ id: expect.stringMatching(/^MN:PER:/) }], pageInfo: { hasNextPage: false } });
  });

  test('text search covers names in every script, variants and role titles', async () => {
    for (const text of ['токтосунова', 'TOKTOSUNOVA', 'тестовна', 'moderator of the test']) {
      const res = await fed.query('query($text: String) { people(filter: { text: $text }) { nodes { id } } }', { text });
      expect({ text, ids: res.data.people.nodes.map((n: { id: string }) => n.id) }).toEqual({ text, ids: [kgPerson.id] });
    }
  });

  test("a role may only point at the same node's records; another country's editor is refused; nothing changes", async () => {
    const kgPeople = '{ people(filter: { countries: [KG] }) { totalCount } }';
    const before = (await fed.query(kgPeople)).data.people.totalCount;
    const mnEvent = await anyId('events', 'MN');
    const foreign = await fed.query(
      CREATE,
      { input: { country: 'KG', name: { lang: 'en', text: 'X' }, roles: [{ title: { lang: 'en', text: 't' }, eventId: mnEvent }] } },
      await editorOf('KG'),
    );
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.roles[0].eventId' });
    const forbidden = await fed.query(CREATE, { input: { country: 'KG', name: { lang: 'en', text: 'Y' } } }, await editorOf('AZ'));
    expect(forbidden.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const count = await fed.query(kgPeople);
    expect(count.data.people.totalCount).toBe(before);
  });

  test('updates take the expected version; roles replace; a referenced event cannot be deleted', async () => {
    const stale = await fed.query(
      'mutation($id: ID!) { updatePerson(id: $id, expectedVersion: 99, patch: { email: "x@y.z" }) { id } }',
      { id: kgPerson.id },
      await editorOf('KG'),
    );
    expect(stale.errors?.[0].extensions.code).toBe('VERSION_CONFLICT');
    const event = await fed.query('query($id: ID!) { event(id: $id) { version } }', { id: kgEvent });
    const refused = await fed.query(
      'mutation($id: ID!, $v: Int!) { deleteEvent(id: $id, expectedVersion: $v) }',
      { id: kgEvent, v: event.data.event.version },
      await editorOf('KG'),
    );
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('people (as a role)') });
    const updated = await fed.query(
      `mutation($id: ID!) { updatePerson(id: $id, expectedVersion: 1, patch: { roles: [{ title: { lang: "en", text: "National Coordinator" } }] }) { ${PERSON} } }`,
      { id: kgPerson.id },
      await editorOf('KG'),
    );
    expect(updated.data.updatePerson).toMatchObject({ version: 2, roles: [{ title: { original: 'National Coordinator' }, event: null }] });
    const deleted = await fed.query('mutation($id: ID!) { deletePerson(id: $id, expectedVersion: 2) }', { id: kgPerson.id }, await editorOf('KG'));
    expect(deleted.data.deletePerson).toBe(kgPerson.id);
  });
});

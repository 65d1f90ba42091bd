import { testToken } from './support/web.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// The node refuses an e-mail address that is plainly not one, naming the field, and changes
// nothing; the editor checks the same pattern (contract/write-limits.ts EMAIL_PATTERN).

let node: TestNode;
let auth: Record<string, string>;
beforeAll(async () => {
  node = await startTestNode('KG', { seed: false });
  auth = { authorization: `Bearer ${await testToken('KG')}` };
}, 60000);
afterAll(async () => {
  await node?.stop();
});

const CREATE = 'mutation($input: PersonInput!) { createPerson(input: $input) { id version email } }';
const person = (email: string | null) => ({ country: 'KG', name: { lang: 'ky', text: 'Айгуль' }, email });

test.each(['aigul at example.org', 'aigul@example', 'ai gul@example.org', '@example.org'])('refuses %j on create, naming input.email', async (email) => {
  const res = await node.query(CREATE, { input: person(email) }, auth);
  expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.email' } });
  expect(res.errors?.[0].message).toMatch(/input\.email is not an e-mail address/);
  const { data } = await node.query('{ people(filter: { countries: [KG] }) { totalCount } }');
  expect(data.people.totalCount).toBe(0);
});

test('accepts an address (trimmed) and blank as none; a bad one in a patch changes nothing', async () => {
  const created = await node.query(CREATE, { input: person(' aigul@example.org ') }, auth);
  expect(created.data.createPerson).toMatchObject({ version: 1, email: 'aigul@example.org' });
  const id = created.data.createPerson.id;
  const PATCH = 'mutation($id: ID!, $email: String) { updatePerson(id: $id, expectedVersion: 1, patch: { email: $email }) { version email } }';
  const bad = await node.query(PATCH, { id, email: 'nope' }, auth);
  expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'patch.email' } });
  const cleared = await node.query(PATCH, { id, email: '  ' }, auth);
  expect(cleared.data.updatePerson).toEqual({ version: 2, email: null });
});

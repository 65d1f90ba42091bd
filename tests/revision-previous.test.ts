import { testToken } from './support/web.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// Revision.previousValues: what a record held before each revision, so an editor can see what a
// colleague's edit replaced before restoring a version (web/editor/history.tsx shows it).

let node: TestNode;
let auth: Record<string, string>;
beforeAll(async () => {
  node = await startTestNode('KG', { seed: false });
  auth = { authorization: `Bearer ${await testToken('KG')}` };
}, 60000);
afterAll(async () => {
  await node?.stop();
});

test("an update keeps the changed fields' earlier values, a create none; the deleted record stays undeletable", async () => {
  const created = await node.query(
    'mutation { createEvent(input: { country: KG, title: { lang: "en", text: "Before" }, type: MEETING, city: "Bishkek" }) { id } }',
    {},
    auth,
  );
  const id = created.data.createEvent.id;
  const updated = await node.query(
    'mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 1, patch: { city: "Osh", title: { lang: "en", text: "After" } }) { version } }',
    { id },
    auth,
  );
  expect(updated.data.updateEvent.version).toBe(2);
  const { data } = await node.query(
    'query($id: ID!) { event(id: $id) { history { version kind changedFields previousValues { field value } } } }',
    { id },
    auth,
  );
  const [second, first] = data.event.history;
  expect(first).toMatchObject({ version: 1, previousValues: [] });
  expect(second.changedFields.sort()).toEqual(['city', 'title']);
  const previous = Object.fromEntries(second.previousValues.map((v: { field: string; value: string }) => [v.field, JSON.parse(v.value)]));
  expect(previous).toEqual({ city: 'Bishkek', title: { original: 'Before', originalLang: 'en', translations: [] } });

  await node.query('mutation($id: ID!) { deleteEvent(id: $id, expectedVersion: 2) }', { id }, auth);
  const feed = await node.query('{ deletedRecords(country: KG) { id version } }', {}, auth);
  expect(feed.data.deletedRecords).toEqual([{ id, version: 2 }]);
});

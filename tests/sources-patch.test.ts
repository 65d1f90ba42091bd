import { testToken } from './support/web.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// Sources of an existing record: every patch input takes `sources`, replacing the list with the
// same checks and limits as a create, and the revision keeps the list it replaced.

let node: TestNode;
let auth: Record<string, string>;
beforeAll(async () => {
  node = await startTestNode('KG', { seed: false });
  auth = { authorization: `Bearer ${await testToken('KG')}` };
}, 60000);
afterAll(async () => {
  await node?.stop();
});

const EVENT = 'id version sources { document excerpt note }';

async function event(id: string) {
  const { data } = await node.query(
    `query($id: ID!) { event(id: $id) { ${EVENT} history { version changedFields previousValues { field value } } } }`,
    { id },
    auth,
  );
  return data.event;
}

test('an event’s sources are replaced by a patch, the revision keeps the old list, and a bad list changes nothing', async () => {
  const created = await node.query(
    'mutation { createEvent(input: { country: KG, title: { lang: "en", text: "Sourced" }, type: MEETING, sources: [{ document: "a.pdf", excerpt: "first" }] }) { id } }',
    {},
    auth,
  );
  const id = created.data.createEvent.id;
  const updated = await node.query(
    `mutation($id: ID!, $s: [SourceRefInput!]) { updateEvent(id: $id, expectedVersion: 1, patch: { sources: $s }) { ${EVENT} } }`,
    { id, s: [{ document: ' b.pdf ', excerpt: 'second', note: 'read as the opening date' }, { document: 'c.docx' }] },
    auth,
  );
  expect(updated.errors).toBeUndefined();
  expect(updated.data.updateEvent).toMatchObject({
    version: 2,
    sources: [
      { document: 'b.pdf', excerpt: 'second', note: 'read as the opening date' },
      { document: 'c.docx', excerpt: null, note: null },
    ],
  });

  const [latest] = (await event(id)).history;
  expect(latest).toMatchObject({ version: 2, changedFields: ['sources'] });
  expect(JSON.parse(latest.previousValues[0].value)).toEqual([{ document: 'a.pdf', excerpt: 'first' }]);

  // Each kind of refusal: blank document (the node's check), over the list limit (write limits).
  const blank = await node.query(
    'mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 2, patch: { city: "Osh", sources: [{ document: "  " }] }) { version } }',
    { id },
    auth,
  );
  expect(blank.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'patch.sources[0].document' } });
  const many = await node.query(
    'mutation($id: ID!, $s: [SourceRefInput!]) { updateEvent(id: $id, expectedVersion: 2, patch: { sources: $s }) { version } }',
    { id, s: Array.from({ length: 51 }, (_, i) => ({ document: `d${i}.pdf` })) },
    auth,
  );
  expect(many.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'patch.sources' } });
  const after = await event(id);
  expect(after.version).toBe(2);
  expect(after.sources.map((s: { document: string }) => s.document)).toEqual(['b.pdf', 'c.docx']);

  // null, like an empty list, means the record cites nothing.
  const cleared = await node.query(`mutation($id: ID!) { updateEvent(id: $id, expectedVersion: 2, patch: { sources: null }) { ${EVENT} } }`, { id }, auth);
  expect(cleared.data.updateEvent).toMatchObject({ version: 3, sources: [] });
});

test('organisations, people, programmes and partnerships take sources in their patch too', async () => {
  const q = (query: string, variables: Record<string, unknown> = {}) => node.query(query, variables, auth);
  const org = (await q('mutation { createOrganisation(input: { country: KG, name: { lang: "en", text: "Union" } }) { id } }')).data.createOrganisation.id;
  const programme = (await q('mutation { createProgramme(input: { country: KG, title: { lang: "en", text: "Programme" }, status: IMPLEMENTATION }) { id } }'))
    .data.createProgramme.id;
  const person = (await q('mutation { createPerson(input: { country: KG, name: { lang: "en", text: "A. Person" } }) { id } }')).data.createPerson.id;
  const partnership = (
    await q('mutation($o: ID!, $p: ID!) { createPartnership(input: { country: KG, organisationId: $o, programmeId: $p }) { id } }', { o: org, p: programme })
  ).data.createPartnership.id;
  const s = [{ document: 'minutes.pdf', excerpt: 'named here' }];
  for (const [kind, id] of [
    ['Organisation', org],
    ['Programme', programme],
    ['Person', person],
    ['Partnership', partnership],
  ]) {
    const res = await q(
      `mutation($id: ID!, $s: [SourceRefInput!]) { update${kind}(id: $id, expectedVersion: 1, patch: { sources: $s }) { version sources { document excerpt } } }`,
      { id, s },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data[`update${kind}`]).toEqual({ version: 2, sources: s });
  }
});

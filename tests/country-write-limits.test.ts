import { buildSchema } from 'graphql';
import { mintToken } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { LIST_LIMITS, TEXT_LIMITS, tooLongMessage, type ListLimit, type TextLimit } from '../contract/write-limits.js';
import { unboundedWriteFields } from '../subgraphs/country/inputs/write-limits.js';
import { countrySchema } from '../subgraphs/country/schema.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// Issue 19, problem 8: every text and list a write carries has a maximum length; over it the
// write is refused with BAD_USER_INPUT naming the field, the length and the limit, and nothing
// is written. One case per kind of limit (contract/write-limits.ts), at a real KG node.

let node: TestNode;
let editor: Record<string, string>;

beforeAll(async () => {
  node = await startTestNode('KG');
  editor = { authorization: `Bearer ${await mintToken({ secret: DEV_JWT_SECRET, sub: 'limits-test', role: 'editor', country: 'KG' })}` };
});
afterAll(async () => {
  await node?.stop();
});

const CREATE = {
  event: 'mutation($input: EventInput!) { createEvent(input: $input) { id } }',
  programme: 'mutation($input: ProgrammeInput!) { createProgramme(input: $input) { id } }',
  organisation: 'mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id } }',
  person: 'mutation($input: PersonInput!) { createPerson(input: $input) { id } }',
};
const UPDATE_EVENT = 'mutation($id: ID!, $patch: EventPatch!) { updateEvent(id: $id, expectedVersion: 1, patch: $patch) { id } }';
const text = (n: number) => 'a'.repeat(n);
const title = { lang: 'en', text: 'Limits' };
const event = (extra: object) => ({ input: { country: 'KG', title, type: 'SEMINAR', ...extra } });
const programme = (extra: object) => ({ input: { country: 'KG', title, status: 'IMPLEMENTATION', ...extra } });
const organisation = (extra: object) => ({ input: { country: 'KG', name: title, ...extra } });
const person = (extra: object) => ({ input: { country: 'KG', name: title, ...extra } });

async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await node.ds.query(
    `SELECT (SELECT count(*) FROM event)::int AS event, (SELECT count(*) FROM programme)::int AS programme,
            (SELECT count(*) FROM organisation)::int AS organisation, (SELECT count(*) FROM person)::int AS person`,
  );
  return row;
}

type Case = [what: string, query: string, variables: Record<string, unknown>, field: string];

/** One over-long value of each text kind, in a field of that kind. */
const TEXT_CASES: Record<TextLimit, Case> = {
  id: ['an id argument', UPDATE_EVENT, { id: `KG:EVT:${text(TEXT_LIMITS.id)}`, patch: {} }, 'id'],
  lang: ['a language tag', CREATE.event, event({ title: { lang: text(TEXT_LIMITS.lang + 1), text: 'x' } }), 'input.title.lang'],
  title: ['an event title', CREATE.event, event({ title: { lang: 'en', text: text(TEXT_LIMITS.title + 1) } }), 'input.title.text'],
  paragraph: [
    'a programme objective',
    CREATE.programme,
    programme({ objectives: [{ lang: 'en', text: text(TEXT_LIMITS.paragraph + 1) }] }),
    'input.objectives[0].text',
  ],
  document: ['a source document', CREATE.event, event({ sources: [{ document: text(TEXT_LIMITS.document + 1) }] }), 'input.sources[0].document'],
  excerpt: [
    'a source excerpt',
    CREATE.organisation,
    organisation({ sources: [{ document: 'd.pdf', excerpt: text(TEXT_LIMITS.excerpt + 1) }] }),
    'input.sources[0].excerpt',
  ],
  short: ['an event city', CREATE.event, event({ city: text(TEXT_LIMITS.short + 1) }), 'input.city'],
  email: ['an e-mail address', CREATE.person, person({ email: `${text(TEXT_LIMITS.email)}@x` }), 'input.email'],
  url: ['a programme link', CREATE.programme, programme({ links: [`https://example.org/${text(TEXT_LIMITS.url)}`] }), 'input.links[0]'],
};

/** One list one item over each list kind. */
const LIST_CASES: Record<ListLimit, Case> = {
  translations: [
    'translations of a title',
    CREATE.event,
    event({ title: { lang: 'en', text: 'x', translations: Array.from({ length: LIST_LIMITS.translations + 1 }, () => ({ lang: 'ky', text: 'x' })) } }),
    'input.title.translations',
  ],
  sources: ['sources', CREATE.event, event({ sources: Array.from({ length: LIST_LIMITS.sources + 1 }, () => ({ document: 'd.pdf' })) }), 'input.sources'],
  ids: ['organiser ids', CREATE.event, event({ organiserIds: Array.from({ length: LIST_LIMITS.ids + 1 }, (_, i) => `KG:ORG:${i}`) }), 'input.organiserIds'],
  countries: [
    'recipient countries',
    CREATE.programme,
    programme({ recipientCountries: Array(LIST_LIMITS.countries + 1).fill('KG') }),
    'input.recipientCountries',
  ],
  themes: ['themes', CREATE.event, event({ themes: Array(LIST_LIMITS.themes + 1).fill('SKILLS') }), 'input.themes'],
  conventions: [
    'convention numbers',
    CREATE.programme,
    programme({ conventionNumbers: Array(LIST_LIMITS.conventions + 1).fill(138) }),
    'input.conventionNumbers',
  ],
  links: ['links', CREATE.programme, programme({ links: Array(LIST_LIMITS.links + 1).fill('https://example.org') }), 'input.links'],
  paragraphs: ['activities', CREATE.programme, programme({ activities: Array(LIST_LIMITS.paragraphs + 1).fill(title) }), 'input.activities'],
  names: ['former names', CREATE.organisation, organisation({ formerNames: Array(LIST_LIMITS.names + 1).fill({ name: title }) }), 'input.formerNames'],
  roles: ['roles of a person', CREATE.person, person({ roles: Array(LIST_LIMITS.roles + 1).fill({ title }) }), 'input.roles'],
};

describe('a text over its limit is refused, naming the field, its length and the limit; nothing is written', () => {
  test.each(Object.entries(TEXT_CASES))('%s', async (kind, [, query, variables, field]) => {
    const before = await rowCounts();
    const res = await node.query(query, variables, editor);
    const limit = TEXT_LIMITS[kind as TextLimit];
    const length = field === 'input.email' ? limit + 2 : field === 'input.links[0]' ? limit + 20 : field === 'id' ? limit + 7 : limit + 1;
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({
      message: tooLongMessage(field, length, limit),
      extensions: { code: 'BAD_USER_INPUT', field, length, limit },
    });
    expect(await rowCounts()).toEqual(before);
  });
});

describe('a list over its limit is refused, naming the field, its size and the limit; nothing is written', () => {
  test.each(Object.entries(LIST_CASES))('%s', async (kind, [, query, variables, field]) => {
    const before = await rowCounts();
    const res = await node.query(query, variables, editor);
    const limit = LIST_LIMITS[kind as ListLimit];
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({
      message: tooLongMessage(field, limit + 1, limit, 'items'),
      extensions: { code: 'BAD_USER_INPUT', field, length: limit + 1, limit },
    });
    expect(await rowCounts()).toEqual(before);
  });
});

test('each list inside a list of lists has its own limit (the themes of one objective)', async () => {
  const objectives = [title, title];
  const res = await node.query(
    CREATE.programme,
    programme({ objectives, objectiveThemes: [['SKILLS'], Array(LIST_LIMITS.themes + 1).fill('SKILLS')] }),
    editor,
  );
  expect(res.errors?.[0]).toMatchObject({
    message: tooLongMessage('input.objectiveThemes[1]', LIST_LIMITS.themes + 1, LIST_LIMITS.themes, 'items'),
    extensions: { code: 'BAD_USER_INPUT', field: 'input.objectiveThemes[1]' },
  });
});

test('a patch is held to the same limits as a create', async () => {
  const res = await node.query(
    UPDATE_EVENT,
    { id: 'KG:EVT:x', patch: { title: { lang: 'ky', text: 'x', translations: [{ lang: 'en', text: text(501) }] } } },
    editor,
  );
  expect(res.errors?.[0].extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    field: 'patch.title.translations[0].text',
    length: 501,
    limit: TEXT_LIMITS.title,
  });
});

test('the 1.9 MB title of the issue is refused, and so is one just under the variables limit; a title of exactly the limit is stored', async () => {
  const before = await rowCounts();
  // Over MAX_VARIABLES_BYTES (1 MiB) the request is refused before GraphQL runs; below it, by the write limit.
  const huge = await node.query(CREATE.event, event({ title: { lang: 'en', text: text(1_900_000) } }), editor);
  expect(huge.errors?.length).toBeGreaterThan(0);
  const large = await node.query(CREATE.event, event({ title: { lang: 'en', text: text(900_000) } }), editor);
  expect(large.errors?.[0].message).toBe('input.title.text is 900000 characters long; the limit is 500');
  expect(await rowCounts()).toEqual(before);

  const longest = text(TEXT_LIMITS.title);
  const ok = await node.query(
    'mutation($input: EventInput!) { createEvent(input: $input) { id title { original } } }',
    event({ title: { lang: 'en', text: longest } }),
    editor,
  );
  expect(ok.errors).toBeUndefined();
  expect(ok.data.createEvent.title.original).toBe(longest);
});

test('limits are checked first, before authorisation and before anything is read', async () => {
  // No token at all: the over-long value is still what is reported, and nothing is touched.
  const res = await node.query(CREATE.event, event({ city: text(TEXT_LIMITS.short + 1) }));
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.city' });
});

describe('every mutation argument has a limit', () => {
  test('the country schema has none without one (the node refuses to start otherwise)', async () => {
    expect(unboundedWriteFields((await countrySchema()).schema)).toEqual([]);
  });

  test('a string or list added without a limit is found', () => {
    const schema = buildSchema(`
      type Query { x: Int }
      type Mutation { createEvent(input: EventInput!, note: String): ID }
      input LocalizedTextInput { lang: String! text: String! translations: [TranslationInput!] }
      input TranslationInput { lang: String! text: String! }
      input EventInput { title: LocalizedTextInput! city: String nickname: String tags: [String!] }
    `);
    expect(unboundedWriteFields(schema).sort()).toEqual([
      'createEvent(input).nickname',
      'createEvent(input).tags',
      'createEvent(input).tags[]',
      'createEvent(note)',
    ]);
  });
});

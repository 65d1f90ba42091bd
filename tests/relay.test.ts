import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PUBLISHED_SCHEMA_FILE } from '../scripts/api-schema.js';

// Relay (issue 22 item 4): relay-compiler accepts a small client using @connection and
// @refetchable against the published API schema, with no client schema extensions: the
// connections carry the Relay PageInfo and the records implement Node with Query.node(id:).

const root = path.resolve(__dirname, '..');
const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-client-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(
    path.join(dir, 'relay.config.json'),
    JSON.stringify({ src: './src', schema: path.join(root, PUBLISHED_SCHEMA_FILE), language: 'typescript', eagerEsModules: true }),
  );
  fs.writeFileSync(
    path.join(dir, 'src', 'Events.tsx'),
    `import { graphql } from 'react-relay';

export const list = graphql\`
  fragment Events_query on Query
  @refetchable(queryName: "EventsPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }, filter: { type: "EventFilter" }) {
    events(first: $count, after: $cursor, filter: $filter) @connection(key: "Events_events") {
      totalCount
      edges { node { id ...EventCard_event } }
    }
  }
\`;

export const card = graphql\`
  fragment EventCard_event on Event @refetchable(queryName: "EventCardRefetchQuery") {
    id
    title { text original }
    startDate
    country { code }
    history(first: 5) { version at by kind changedFields }
  }
\`;

export const app = graphql\`
  query EventsAppQuery($filter: EventFilter) {
    ...Events_query @arguments(filter: $filter)
    event(id: "KG:EVT:2016-10-28-employers") { ...EventCard_event }
    node(id: "KG:ORG:ilo") { id __typename }
  }
\`;
`,
  );
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('relay-compiler compiles a client with @connection and @refetchable against the published schema', async () => {
  const compiler = path.join(root, 'node_modules', 'relay-compiler', 'cli.js');
  await run(process.execPath, [compiler], { cwd: dir, timeout: 120_000 }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`relay-compiler failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
  const generated = (name: string) => fs.readFileSync(path.join(dir, 'src', '__generated__', `${name}.graphql.ts`), 'utf8');
  // The pagination query pages `events` from the cursor; the Event fragment is refetched through Query.node.
  expect(generated('EventsPaginationQuery')).toContain('"name": "events"');
  expect(generated('EventCardRefetchQuery')).toMatch(/node\(id: \$id\)/);
  expect(generated('Events_query')).toContain('"connection"');
});

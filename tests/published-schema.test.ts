import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { composedApiSchema, printApiSchema, PUBLISHED_SCHEMA_FILE, servedApiSchema } from '../scripts/api-schema.js';
import { startFederation, type TestFederation } from './support/federation.js';

// schema/api.graphql is the API schema clients see, checked in for tools that cannot introspect a
// production gateway. It must be what the code composes and what a running gateway serves.

const root = path.resolve(__dirname, '..');
const REGENERATE = 'npm run schema -- --offline --write';

let fed: TestFederation;
beforeAll(async () => {
  fed = await startFederation({ countries: ['KG'] });
}, 120_000);
afterAll(async () => {
  await fed?.stop();
});

test(`${PUBLISHED_SCHEMA_FILE} is up to date`, async () => {
  const published = fs.readFileSync(path.join(root, PUBLISHED_SCHEMA_FILE), 'utf8');
  const composed = printApiSchema(await composedApiSchema());
  if (published !== composed) throw new Error(`${PUBLISHED_SCHEMA_FILE} is out of date with the code: run \`${REGENERATE}\` and commit it`);
});

test('it is exactly what a running gateway serves, without federation internals', async () => {
  const served = printApiSchema(await servedApiSchema(fed.gateway.url));
  expect(served).toBe(printApiSchema(await composedApiSchema()));
  for (const internal of ['_service', '_entities', '_Any', 'join__', 'link__', '@shard', '@key', 'position: String']) expect(served).not.toContain(internal);
  expect(served).toContain('interface Node');
  expect(served).toContain('changes(since: String, first: Int = 500, filter: ChangeFilter): ChangeFeed!');
});

// The compiled script, as `npm run schema` runs it (the gateway is in this process: run it asynchronously).
const run = promisify(execFile);
test('npm run schema prints it from a running gateway, and says what is wrong when it cannot', async () => {
  const script = path.join(root, 'dist', 'scripts', 'schema.js');
  const { stdout } = await run(process.execPath, [script, '--url', fed.gateway.url], { timeout: 60_000 });
  expect(stdout).toBe(fs.readFileSync(path.join(root, PUBLISHED_SCHEMA_FILE), 'utf8'));
  const refused = await run(process.execPath, [script, '--url', 'http://127.0.0.1:9/graphql'], { timeout: 60_000 }).catch(
    (e: { code: number; stderr: string }) => e,
  );
  expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^\[schema\] /) });
});

import { serverAudits } from 'graphql-http';
import { startFederation, type TestFederation } from './support/federation.js';

/** The gateway speaks GraphQL over HTTP as BI tools expect: every MUST of the spec's audits passes. */
let fed: TestFederation;

beforeAll(async () => {
  fed = await startFederation({ countries: ['KG', 'MN'] });
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

const audits = () => serverAudits({ url: () => fed.gateway.url, fetchFn: fetch });

test('there are MUST audits to run', () => {
  expect(audits().filter((a) => a.name.startsWith('MUST')).length).toBeGreaterThan(10);
});

test.each(
  serverAudits({ url: 'http://unused', fetchFn: fetch })
    .filter((a) => a.name.startsWith('MUST'))
    .map((a) => [a.name, a.id] as const),
)('%s', async (_name, id) => {
  const audit = audits().find((a) => a.id === id)!;
  const result = await audit.fn();
  if (result.status !== 'ok') throw new Error(`${result.name}: ${result.reason}`);
});

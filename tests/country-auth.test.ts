import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { mintToken, type Role } from '../platform/auth.js';
import { DEV_JWT_SECRET } from '../platform/config.js';
import { startTestNode, type TestNode } from './support/nodes.js';

// Writes on a country node: only an editor of that node's country may write; the node checks the
// token itself. Tests run with NODE_ENV=test, so the node verifies with DEV_JWT_SECRET.

const SEEDED_EVENT = 'KG:EVT:2017-05-19-un-cooperation-agreement-signing';

let node: TestNode;
let editorKg: Record<string, string>;

async function bearer(role: Role, country?: string, secret = DEV_JWT_SECRET): Promise<Headers> {
  return { authorization: `Bearer ${await mintToken({ secret, sub: `test-${role}`, role, country })}` };
}

type Headers = Record<string, string>;

/** Every caller that must be refused, with the code it gets; tokens are minted when a test runs. */
const DENIED: Array<{ who: string; headers: () => Promise<Headers>; code: string }> = [
  { who: 'no token', headers: async () => ({}), code: 'UNAUTHENTICATED' },
  { who: 'a malformed token', headers: async () => ({ authorization: 'Bearer not-a-jwt' }), code: 'UNAUTHENTICATED' },
  { who: 'a non-bearer scheme', headers: async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), code: 'UNAUTHENTICATED' },
  { who: 'a token signed with another secret', headers: () => bearer('editor', 'KG', 'another-secret-of-at-least-32-characters!!'), code: 'UNAUTHENTICATED' },
  { who: 'a reader', headers: () => bearer('reader'), code: 'FORBIDDEN' },
  { who: 'an analyst', headers: () => bearer('analyst', 'KG'), code: 'FORBIDDEN' },
  { who: 'an editor of another country', headers: () => bearer('editor', 'AZ'), code: 'FORBIDDEN' },
];

beforeAll(async () => {
  node = await startTestNode('KG');
  editorKg = await bearer('editor', 'KG');
});
afterAll(async () => {
  await node?.stop();
});

async function countRows(table: 'event' | 'organisation'): Promise<number> {
  const [{ n }] = await node.ds.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

async function storedEvent(id: string): Promise<{ version: number; updated_at: Date } | undefined> {
  const [row] = await node.ds.query('SELECT version, updated_at FROM event WHERE id = $1', [id]);
  return row;
}

const CREATE = `mutation($input: EventInput!) { createEvent(input: $input) { id version } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $patch: EventPatch!) { updateEvent(id: $id, expectedVersion: $v, patch: $patch) { id version city } }`;
const DELETE = `mutation($id: ID!, $v: Int!) { deleteEvent(id: $id, expectedVersion: $v) }`;
const input = (title: string) => ({ country: 'KG', title: { lang: 'en', text: title }, type: 'MEETING', startDate: '2025-02-03' });

describe('authorization matrix', () => {
  test.each(DENIED)('createEvent is $code for $who', async ({ who, headers, code }) => {
    const before = await countRows('event');
    const res = await node.query(CREATE, { input: input(`Refused create by ${who}`) }, await headers());
    // The refused field is null on its own (mutation results are nullable), nothing else is lost.
    expect(res.data).toEqual({ createEvent: null });
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(await countRows('event')).toBe(before);
  });

  test.each(DENIED)('updateEvent is $code for $who', async ({ headers, code }) => {
    const before = await storedEvent(SEEDED_EVENT);
    const res = await node.query(UPDATE, { id: SEEDED_EVENT, v: before!.version, patch: { city: 'Nowhere' } }, await headers());
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(await storedEvent(SEEDED_EVENT)).toEqual(before);
  });

  test.each(DENIED)('deleteEvent is $code for $who', async ({ headers, code }) => {
    const before = await storedEvent(SEEDED_EVENT);
    const res = await node.query(DELETE, { id: SEEDED_EVENT, v: before!.version }, await headers());
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(await storedEvent(SEEDED_EVENT)).toEqual(before);
  });

  test('the same mutations succeed for an editor of this country', async () => {
    const created = await node.query(CREATE, { input: input('Allowed create by KG editor') }, editorKg);
    expect(created.errors).toBeUndefined();
    const { id, version } = created.data.createEvent;
    expect(id).toBe('KG:EVT:2025-02-03-allowed-create-by-kg-editor');
    expect(version).toBe(1);

    const updated = await node.query(UPDATE, { id, v: 1, patch: { city: 'Bishkek' } }, editorKg);
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateEvent).toEqual({ id, version: 2, city: 'Bishkek' });

    const deleted = await node.query(DELETE, { id, v: 2 }, editorKg);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteEvent).toBe(id);
    expect(await storedEvent(id)).toBeUndefined();
  });

  test('every write mutation checks the token', async () => {
    const mutations = [
      `mutation { createProgramme(input: { country: "KG", title: { lang: "en", text: "P" }, status: PIPELINE }) { id } }`,
      `mutation { updateProgramme(id: "KG:PRG:sse-asia", expectedVersion: 1, patch: { code: "X" }) { id } }`,
      `mutation { deleteProgramme(id: "KG:PRG:sse-asia", expectedVersion: 1) }`,
      `mutation { createOrganisation(input: { country: "KG", name: { lang: "en", text: "O" } }) { id } }`,
      `mutation { updateOrganisation(id: "KG:ORG:ilo", expectedVersion: 1, patch: { acronym: "X" }) { id } }`,
      `mutation { deleteOrganisation(id: "KG:ORG:ilo", expectedVersion: 1) }`,
      `mutation { createPartnership(input: { country: "KG", organisationId: "KG:ORG:ilo" }) { id } }`,
      `mutation { updatePartnership(id: "KG:PSH:ilo-crisis-phase-2", expectedVersion: 1, patch: { role: FUNDING }) { id } }`,
      `mutation { deletePartnership(id: "KG:PSH:ilo-crisis-phase-2", expectedVersion: 1) }`,
    ];
    const otherEditor = await bearer('editor', 'AZ');
    for (const mutation of mutations) {
      expect((await node.query(mutation)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await node.query(mutation, undefined, otherEditor)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  test('authorization comes before input checks, so refusals reveal nothing about the data', async () => {
    const reader = await bearer('reader');
    const wrongCountry = await node.query(CREATE, { input: { ...input('x'), country: 'AZ' } });
    expect(wrongCountry.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const missing = await node.query(DELETE, { id: 'KG:EVT:does-not-exist', v: 1 }, reader);
    expect(missing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stale = await node.query(UPDATE, { id: SEEDED_EVENT, v: 99, patch: {} }, reader);
    expect(stale.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('token CLI (dist/scripts/token.js)', () => {
  const script = path.resolve(__dirname, '../dist/scripts/token.js');
  const run = (args: string[], env: Record<string, string> = {}) => {
    const { JWT_SECRET: _drop, ...inherited } = process.env;
    return spawnSync(process.execPath, [script, ...args], { env: { ...inherited, NODE_ENV: 'development', ...env }, encoding: 'utf8' });
  };

  test('is built (npm test builds first)', () => {
    expect(fs.existsSync(script)).toBe(true);
  });

  test('prints an editor token the node accepts, signed with the development secret', async () => {
    const result = run(['--role', 'editor', '--country', 'KG', '--sub', 'alice', '--expires', '2h']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const token = result.stdout.trim();
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(DEV_JWT_SECRET));
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: 'alice', role: 'editor', country: 'KG' });
    expect(payload.exp! - payload.iat!).toBe(2 * 3600);

    const res = await node.query(
      `mutation { createOrganisation(input: { country: "KG", name: { lang: "en", text: "Token CLI Check Org" } }) { id } }`,
      undefined,
      { authorization: `Bearer ${token}` },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createOrganisation.id).toBe('KG:ORG:token-cli-check-org');
  });

  test('signs with JWT_SECRET when set', async () => {
    const result = run(['--role', 'reader'], { JWT_SECRET: 'a-configured-secret-for-this-test-only' });
    expect(result.status).toBe(0);
    const { payload } = await jwtVerify(result.stdout.trim(), new TextEncoder().encode('a-configured-secret-for-this-test-only'));
    expect(payload.role).toBe('reader');
    expect(payload.country).toBeUndefined();
  });

  test.each([
    [['--role', 'admin', '--country', 'KG'], {}, /--role must be one of editor, analyst, reader/],
    [['--role', 'editor'], {}, /needs --country/],
    [['--role', 'editor', '--country', 'Kyrgyzstan'], {}, /two-letter country code/],
    [['--role', 'reader'], { NODE_ENV: 'production' }, /JWT_SECRET is required/],
  ] as Array<[string[], Record<string, string>, RegExp]>)('refuses %j with exit 1', (args, env, message) => {
    const result = run(args, env);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});

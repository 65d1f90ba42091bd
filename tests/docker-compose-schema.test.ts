/**
 * docker-compose.yml is a valid Compose v2 file: parsed as compose parses it (YAML merge keys,
 * `${VAR}` interpolation) and validated with ajv against the Compose Specification's JSON schema,
 * the one `docker compose config` (compose-go) checks. The schema comes from the dclint package
 * (a Compose linter that ships it), so no network is needed. Compose v1 (`docker-compose` 1.x,
 * Debian's 1.29) used an older schema without the top-level `name`: it refuses this file, and the
 * README says Compose v2.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { interpolateAll } from './support/compose.js';

const root = path.resolve(__dirname, '..');
const schemaFile = path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json');
const VARS = { JWT_SECRET: 'test-secret', POSTGRES_PASSWORD: 'pw' };

function composeValidator() {
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
  // Its $schema names draft-07 by an https URL Ajv does not know; Ajv's default is draft-07.
  delete schema.$schema;
  // Not strict: the schema carries annotations (`deprecated`) and union types that Ajv's strict mode rejects.
  return new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
}
const validate = composeValidator();
const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);

/** The file as compose loads it: YAML 1.1 merge keys, then interpolation with the variables set. */
function load(text: string): Record<string, any> {
  return interpolateAll(parse(text, { merge: true }), VARS) as Record<string, any>;
}
const file = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');

test('the schema is the Compose Specification (v2): top-level name and include exist', () => {
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { title: string; properties: Record<string, unknown> };
  expect(schema.title).toBe('Compose Specification');
  expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'include', 'services', 'volumes']));
});

test('docker-compose.yml validates against it', () => {
  const valid = validate(load(file));
  expect(describeErrors(validate.errors)).toEqual([]);
  expect(valid).toBe(true);
});

test('the validator refuses what compose refuses: an unknown key, a wrong type, a bad depends_on condition', () => {
  const base = load(file);
  const service = Object.keys(base.services)[0];
  const broken = [
    { ...base, servics: {} },
    { ...base, services: { ...base.services, [service]: { ...base.services[service], restart_policy: 'always' } } },
    { ...base, services: { ...base.services, [service]: { ...base.services[service], init: ['yes'] } } },
    { ...base, services: { ...base.services, gateway: { ...base.services.gateway, depends_on: { regional: { condition: 'healthy' } } } } },
  ];
  for (const config of broken) expect(validate(config)).toBe(false);
  expect(describeErrors(validate.errors).join('\n')).toMatch(/condition/);
});

test('the variables it requires are refused when missing, as `docker compose config` does', () => {
  expect(() => interpolateAll(parse(file, { merge: true }), {})).toThrow(/is required/);
});

import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getIntrospectionQuery,
  buildClientSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { startFederation, type TestFederation } from './support/federation.js';

/**
 * The composed schema the gateway serves keeps every name, argument, type and default of the
 * public contract (a copy of ../shared/design/contract.graphql); additions are allowed.
 */
/**
 * Outputs deliberately made nullable, the only compatible change the contract allows (docs/architecture.md,
 * "Nullability"): a mutation field's failure stays in that field instead of nulling the whole
 * response (each mutation field is written on its own node, with no transaction across them);
 * a country or convention the regional data does not know yet keeps its code with null facts;
 * a country's lists are null (with an error at their path) while its node cannot answer, so an
 * unknown list is never mistaken for an empty one and never nulls the regional list around it;
 * a programme whose status no source states has none (issue 25) rather than an invented one.
 */
const MADE_NULLABLE = (type: string, field: string) =>
  type === 'Mutation' ||
  (type === 'Country' && ['name', 'programmes', 'events', 'partnerships'].includes(field)) ||
  (type === 'Convention' && (field === 'title' || field === 'category')) ||
  (type === 'Programme' && field === 'status');

const contract = buildSchema(fs.readFileSync(path.join(__dirname, 'contract', 'contract.graphql'), 'utf8'));
let fed: TestFederation;
let served: GraphQLSchema;

beforeAll(async () => {
  fed = await startFederation({ countries: ['KG', 'AZ'] });
  const res = await fed.query(getIntrospectionQuery());
  served = buildClientSchema(res.data);
}, 120000);
afterAll(async () => {
  await fed?.stop();
});

const contractTypes = Object.values(contract.getTypeMap()).filter(
  (t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name),
);

test.each(contractTypes.map((t) => [t.name, t] as [string, GraphQLNamedType]))('%s', (name, expected) => {
  const actual = served.getType(name);
  expect(actual).toBeDefined();
  if (isScalarType(expected)) {
    expect(isScalarType(actual)).toBe(true);
  } else if (isEnumType(expected)) {
    expect(isEnumType(actual)).toBe(true);
    const values = (actual as typeof expected).getValues().map((v) => v.name);
    for (const v of expected.getValues()) expect(values).toContain(v.name);
  } else if (isObjectType(expected) || isInterfaceType(expected)) {
    expect(isObjectType(expected) ? isObjectType(actual) : isInterfaceType(actual)).toBe(true);
    if (isObjectType(expected)) {
      const implemented = (actual as typeof expected).getInterfaces().map((i) => i.name);
      for (const i of expected.getInterfaces()) expect(`${name} implements ${implemented.join(', ')}`).toContain(i.name);
    }
    const fields = (actual as typeof expected).getFields();
    for (const field of Object.values(expected.getFields())) {
      const got = fields[field.name];
      expect({ field: `${name}.${field.name}`, present: !!got }).toEqual({ field: `${name}.${field.name}`, present: true });
      const expectedType = MADE_NULLABLE(name, field.name) ? String(field.type).replace(/!$/, '') : String(field.type);
      expect(`${name}.${field.name}: ${String(got.type)}`).toBe(`${name}.${field.name}: ${expectedType}`);
      for (const arg of field.args) {
        const gotArg = got.args.find((a) => a.name === arg.name);
        expect(`${name}.${field.name}(${arg.name}: ${String(gotArg?.type)} = ${JSON.stringify(gotArg?.defaultValue)})`).toBe(
          `${name}.${field.name}(${arg.name}: ${String(arg.type)} = ${JSON.stringify(arg.defaultValue)})`,
        );
      }
      // Arguments we add must be optional, or contract queries would stop validating.
      for (const extra of got.args.filter((a) => !field.args.some((x) => x.name === a.name))) {
        expect(String(extra.type).endsWith('!') && extra.defaultValue === undefined).toBe(false);
      }
    }
  } else if (isInputObjectType(expected)) {
    expect(isInputObjectType(actual)).toBe(true);
    const fields = (actual as typeof expected).getFields();
    for (const field of Object.values(expected.getFields())) {
      const got = fields[field.name];
      expect(`${name}.${field.name}: ${String(got?.type)} = ${JSON.stringify(got?.defaultValue)}`).toBe(
        `${name}.${field.name}: ${String(field.type)} = ${JSON.stringify(field.defaultValue)}`,
      );
    }
  }
});

import { composeServices } from '@apollo/composition';
import {
  buildClientSchema,
  getIntrospectionQuery,
  graphql,
  isIntrospectionType,
  isSpecifiedDirective,
  isSpecifiedScalarType,
  parse,
  printType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { countrySchema } from '../subgraphs/country/schema.js';
import { regionalSchema } from '../subgraphs/regional/schema.js';

/** The file clients and their tools read (GraphQL Code Generator, IDE plugins, relay-compiler). */
export const PUBLISHED_SCHEMA_FILE = 'schema/api.graphql';

const HEADER = `# The public API schema of the ILO country-office federation, as clients see it (no federation
# internals), for tools that cannot introspect a production gateway (GraphQL Code Generator, IDE
# plugins, relay-compiler). Generated: npm run schema -- --offline --write. Do not edit.
`;

/**
 * The schema as one file: types by name (the order a gateway's introspection lists them), fields
 * and arguments in their declared order (the contract's), so the file reads like the contract.
 */
export function printApiSchema(schema: GraphQLSchema): string {
  const custom = schema.getDirectives().filter((d) => !isSpecifiedDirective(d));
  if (custom.length) throw new Error(`the API schema has directives a client cannot use: ${custom.map((d) => d.name).join(', ')}`);
  const types = Object.values(schema.getTypeMap())
    .filter((t) => !isIntrospectionType(t) && !isSpecifiedScalarType(t))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return `${HEADER}\n${types.map(printType).join('\n\n')}\n`;
}

/** The SDL a subgraph serves at `_service { sdl }`, what the gateway composes. */
async function servedSdl(schema: GraphQLSchema): Promise<string> {
  const result = await graphql({ schema, source: '{ _service { sdl } }' });
  const sdl = (result.data as { _service?: { sdl?: string } } | null | undefined)?._service?.sdl;
  if (!sdl) throw new Error(`the subgraph did not print its SDL: ${JSON.stringify(result.errors)}`);
  return sdl;
}

/**
 * The API schema a gateway serves, composed from this code's two subgraph schemas exactly as the
 * gateway composes what the nodes serve (see registry.ts), without starting anything.
 */
export async function composedApiSchema(): Promise<GraphQLSchema> {
  const [country, regional] = await Promise.all([countrySchema(), regionalSchema()]);
  const result = composeServices([
    { name: 'regional', typeDefs: parse(await servedSdl(regional.schema)), url: 'http://regional.invalid/graphql' },
    { name: 'country', typeDefs: parse(await servedSdl(country.schema)), url: 'http://country-shards.invalid/graphql' },
  ]);
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.schema.toAPISchema().toGraphQLJSSchema();
}

/** The API schema of a running gateway, by introspection (refused where INTROSPECTION is off, as in production). */
export async function servedApiSchema(url: string): Promise<GraphQLSchema> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: getIntrospectionQuery() }) });
  const body = (await res.json()) as { data?: IntrospectionQuery; errors?: Array<{ message: string }> };
  if (!body.data) throw new Error(`${url} did not answer introspection: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`}`);
  return buildClientSchema(body.data);
}

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { composedApiSchema, printApiSchema, PUBLISHED_SCHEMA_FILE, servedApiSchema } from './api-schema.js';
import { DEFAULT_GATEWAY_PORT } from '../platform/ports.js';
import { packageRoot } from '../platform/package-root.js';

const USAGE = `Usage: npm run schema [-- --url http://127.0.0.1:4000/graphql]   the API schema of a running gateway (needs INTROSPECTION)
       npm run schema -- --offline [--write]                         composed from this code, no stack; --write updates ${PUBLISHED_SCHEMA_FILE}`;

/** Prints the public API schema (SDL) of a running gateway or of this code; see docs/clients.md. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { url: { type: 'string' }, offline: { type: 'boolean' }, write: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  if (values.write && !values.offline) throw new Error(`--write goes with --offline: ${PUBLISHED_SCHEMA_FILE} is generated from the code\n${USAGE}`);
  const url = values.url ?? process.env.GATEWAY_URL ?? `http://127.0.0.1:${DEFAULT_GATEWAY_PORT + Number(process.env.PORT_OFFSET ?? 0)}/graphql`;
  const schema = values.offline ? await composedApiSchema() : await servedApiSchema(url);
  const printed = printApiSchema(schema);
  if (!values.write) return void process.stdout.write(printed);
  const file = path.join(packageRoot(), PUBLISHED_SCHEMA_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, printed);
  console.error(`wrote ${PUBLISHED_SCHEMA_FILE}`);
}

main().catch((error: Error) => {
  console.error(`[schema] ${error.message}`);
  process.exit(1);
});

import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/**
 * The example operations in docs/examples/*.graphql: the GraphQL IDE opens with one tab each (the
 * build puts them in), the client guide links them, and tests/docs.test.ts runs each against a
 * federation. One file per operation, so a reader, the IDE and the test see the same text.
 */
export const EXAMPLES_DIR = 'docs/examples';

export interface Example {
  /** File name within EXAMPLES_DIR. */
  file: string;
  /** The file's first comment line. */
  title: string;
  /** The whole file: comments and the operation. */
  text: string;
  operationName: string;
  operationType: 'query' | 'mutation';
}

/** Reads and checks every example; a file that is not one named query or mutation under a title is an error naming it. */
export function readExamples(root: string): Example[] {
  const dir = path.join(root, EXAMPLES_DIR);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  if (files.length === 0) throw new Error(`${EXAMPLES_DIR} holds no .graphql example`);
  return files.map((file) => exampleOf(file, fs.readFileSync(path.join(dir, file), 'utf8')));
}

export function exampleOf(file: string, text: string): Example {
  const title = /^#[ \t]*(\S[^\n]*)/.exec(text)?.[1].trim();
  if (!title) throw new Error(`${EXAMPLES_DIR}/${file}: the first line must be a "# title" comment`);
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(text).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch (error) {
    throw new Error(`${EXAMPLES_DIR}/${file}: ${(error as Error).message}`, { cause: error });
  }
  const [operation] = operations;
  if (operations.length !== 1 || !operation.name || operation.operation === 'subscription') {
    throw new Error(`${EXAMPLES_DIR}/${file}: must hold exactly one named query or mutation (GraphiQL names its tab by it)`);
  }
  return { file, title, text, operationName: operation.name.value, operationType: operation.operation };
}

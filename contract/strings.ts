import { Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { badRequest, ErrorCode } from './errors.js';

/**
 * PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate has no UTF-8 form (the driver
 * would silently store U+FFFD instead). Either in an argument is the client's mistake.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly the character refused here
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Filters hold ids, codes, references and search words; a longer text can only be an attempt to
 * make the database scan with a huge LIKE pattern (a 1 MB `text` filter took over a second).
 */
export const MAX_FILTER_STRING = 1000;

/** False when PostgreSQL could not store or compare the text faithfully. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

function describe(text: string): string {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored or searched';
  if (UNSTORABLE.test(text)) return 'contains an unpaired UTF-16 surrogate (not valid Unicode), which cannot be stored or searched';
  return `is ${text.length.toLocaleString('en-US')} characters long; a filter value may have at most ${MAX_FILTER_STRING}`;
}

/** One place a string argument comes from, in document order: a literal found bad, or a variable's value. */
type StringSource = { bad: { field: string; text: string } } | { variable: string; path: string };

const isBad = (text: string, path: string) => UNSTORABLE.test(text) || (path.startsWith('filter.') && text.length > MAX_FILTER_STRING);

/**
 * Where a document's string arguments come from. Its literals are judged once per document (a
 * cached document is reused by every request with its text); only variables are per request.
 */
const sourcesByDocument = new WeakMap<DocumentNode, StringSource[]>();

function stringSourcesOf(document: DocumentNode): StringSource[] {
  const known = sourcesByDocument.get(document);
  if (known) return known;
  const sources: StringSource[] = [];
  const walkLiteral = (node: ValueNode, path: string): void => {
    switch (node.kind) {
      case Kind.STRING:
      case Kind.ENUM:
        if (isBad(node.value, path)) sources.push({ bad: { field: path, text: node.value } });
        return;
      case Kind.VARIABLE:
        sources.push({ variable: node.name.value, path });
        return;
      case Kind.LIST:
        node.values.forEach((item, i) => walkLiteral(item, `${path}.${i}`));
        return;
      case Kind.OBJECT:
        for (const field of node.fields) walkLiteral(field.value, `${path}.${field.name.value}`);
        return;
      default:
        return;
    }
  };
  visit(document, {
    VariableDefinition(node) {
      if (node.defaultValue) walkLiteral(node.defaultValue, `$${node.variable.name.value}`);
    },
    Argument(node) {
      walkLiteral(node.value, node.name.value);
    },
  });
  sourcesByDocument.set(document, sources);
  return sources;
}

/**
 * The path (e.g. `filter.text`, `input.title.translations.0.text`) of the first string argument
 * value that contains an unstorable character, in literals or in the variables they reference.
 * Variables are walked with an explicit stack: a hostile, deeply nested value cannot overflow it.
 */
export function findUnstorableString(document: DocumentNode, variables: Record<string, unknown>): { field: string; text: string } | null {
  const walkVariable = (root: unknown, path: string) => {
    const stack: Array<[unknown, string]> = [[root, path]];
    while (stack.length) {
      const [value, at] = stack.pop()!;
      if (typeof value === 'string') {
        if (isBad(value, at)) return { field: at, text: value };
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => stack.push([item, `${at}.${i}`]));
      } else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) stack.push([item, `${at}.${key}`]);
      }
    }
    return null;
  };
  for (const source of stringSourcesOf(document)) {
    if ('bad' in source) return source.bad;
    const found = walkVariable(variables[source.variable], source.path);
    if (found) return found;
  }
  return null;
}

/** Throws BAD_USER_INPUT (HTTP 400) naming the argument PostgreSQL could not take or a filter value that is too long. */
export function assertStorableStrings(document: DocumentNode, variables: Record<string, unknown>): void {
  const bad = findUnstorableString(document, variables);
  if (bad) {
    throw badRequest(`${bad.field} ${describe(bad.text)}`, ErrorCode.BAD_USER_INPUT, { field: bad.field });
  }
}

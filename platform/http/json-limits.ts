import { ErrorCode } from '../../contract/errors.js';
import { positiveInt, type Env } from '../env-values.js';

/**
 * Bounds on the JSON a client sends (a POST body, or GET's `variables` and `extensions`), checked
 * on the text before anything else reads it: JSON.parse itself is iterative in V8, but nearly
 * everything after it (JSON.stringify in cache keys, graphql-js coercion, the cost walk) recurses,
 * and 10,000 nested arrays in one unused variable overflowed the stack (HTTP 500).
 */
export interface JsonLimits {
  /** Deepest nesting of arrays and objects anywhere in the body (MAX_JSON_DEPTH). */
  maxDepth: number;
  /** Deepest nesting inside `variables` (MAX_VARIABLES_DEPTH; the variables object itself is 1). */
  maxVariablesDepth: number;
  /** Largest `variables` as JSON text, in bytes (MAX_VARIABLES_BYTES). */
  maxVariablesBytes: number;
}

/**
 * The deepest variables a real operation sends are a mutation input (`input.title.translations
 * [0].text`: 5 levels); 32 leaves room for any input type we may add, and no legitimate body is
 * near it. 1 MiB of variables holds an event with every text field in five languages at the
 * longest lengths a node accepts, while the whole body stays bounded at 2 MiB.
 */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxVariablesDepth: 32, maxVariablesBytes: 1024 * 1024 };

export function jsonLimitsFromEnv(env: Env): JsonLimits {
  return {
    maxDepth: positiveInt(env.MAX_JSON_DEPTH, DEFAULT_JSON_LIMITS.maxDepth, 'MAX_JSON_DEPTH'),
    maxVariablesDepth: positiveInt(env.MAX_VARIABLES_DEPTH, DEFAULT_JSON_LIMITS.maxVariablesDepth, 'MAX_VARIABLES_DEPTH'),
    maxVariablesBytes: positiveInt(env.MAX_VARIABLES_BYTES, DEFAULT_JSON_LIMITS.maxVariablesBytes, 'MAX_VARIABLES_BYTES'),
  };
}

/**
 * How deep arrays and objects nest in `text`, read once from left to right without recursion and
 * without building anything; stops as soon as `stopAbove` is passed. Strings are skipped with
 * their escapes, so brackets inside them do not count. Invalid JSON is left to JSON.parse.
 */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

export interface JsonRefusal {
  message: string;
  extensions: { code: string; limit: string; max: number };
}

function refusal(message: string, limit: string, max: number): JsonRefusal {
  return { message, extensions: { code: ErrorCode.BAD_REQUEST, limit, max } };
}

const nested = (what: string, max: number, limit: string) =>
  refusal(`${what} is nested more than ${max} levels deep (arrays and objects); the limit (${limit}) is ${max}`, limit, max);

/** A POST body's text, before JSON.parse. */
export function checkBodyDepth(text: string, limits: JsonLimits): JsonRefusal | null {
  return jsonDepth(text, limits.maxDepth) > limits.maxDepth ? nested('The request body', limits.maxDepth, 'MAX_JSON_DEPTH') : null;
}

/**
 * A parsed body's `variables` (depth already bounded by checkBodyDepth, so stringifying it cannot
 * overflow), or GET's `variables` text.
 */
export function checkVariables(variables: unknown, limits: JsonLimits): JsonRefusal | null {
  if (variables === undefined || variables === null) return null;
  const text = typeof variables === 'string' ? variables : JSON.stringify(variables);
  const bytes = Buffer.byteLength(text);
  if (bytes > limits.maxVariablesBytes) {
    return refusal(
      `variables are ${bytes.toLocaleString('en-US')} bytes of JSON; the limit (MAX_VARIABLES_BYTES) is ${limits.maxVariablesBytes.toLocaleString('en-US')}`,
      'MAX_VARIABLES_BYTES',
      limits.maxVariablesBytes,
    );
  }
  if (jsonDepth(text, limits.maxVariablesDepth) > limits.maxVariablesDepth) return nested('variables', limits.maxVariablesDepth, 'MAX_VARIABLES_DEPTH');
  return null;
}

/** GET: `variables` and `extensions` arrive as JSON text in the query string. */
export function checkQueryString(search: URLSearchParams, limits: JsonLimits): JsonRefusal | null {
  for (const name of ['variables', 'extensions']) {
    const text = search.get(name);
    if (text && jsonDepth(text, limits.maxDepth) > limits.maxDepth) return nested(`The ${name} parameter`, limits.maxDepth, 'MAX_JSON_DEPTH');
  }
  return checkVariables(search.get('variables') ?? undefined, limits);
}

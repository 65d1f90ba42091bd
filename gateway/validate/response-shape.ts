/**
 * Why `body` is not a GraphQL response (the spec's "Response Format"), or null when it is one:
 * an object with `data` (an object, or null when it carries errors) and/or `errors` (a list of
 * objects, each with a string `message`, a `path` of strings and integers, `locations`
 * and `extensions` of the right kinds). A node's answer is checked against this before anything
 * reads it: `{"errors":"boom"}` once reached `errors.find` and cost every country its data.
 */
export function responseShapeProblem(body: unknown): string | null {
  if (!isObject(body)) return `its answer is ${describe(body)}, not a GraphQL response object`;
  const hasData = 'data' in body;
  const hasErrors = 'errors' in body;
  if (!hasData && !hasErrors) return 'its answer has neither data nor errors';
  if (hasErrors) {
    const errors = body.errors;
    if (!Array.isArray(errors)) return `its errors are ${describe(errors)}, not a list`;
    for (let i = 0; i < errors.length; i++) {
      const problem = errorProblem(errors[i]);
      if (problem) return `its errors[${i}] ${problem}`;
    }
  }
  if (hasData) {
    const data = body.data;
    if (data === null) {
      if (!hasErrors || (body.errors as unknown[]).length === 0) return 'its data is null without an error saying why';
    } else if (!isObject(data)) return `its data is ${describe(data)}, not an object`;
  }
  return null;
}

function errorProblem(error: unknown): string | null {
  if (!isObject(error)) return `is ${describe(error)}, not an object`;
  if (typeof error.message !== 'string') return 'has no string message';
  if ('path' in error && error.path !== undefined) {
    const path = error.path;
    if (!Array.isArray(path) || !path.every((p) => typeof p === 'string' || Number.isInteger(p))) return 'has a path that is not a list of names and indexes';
  }
  if ('locations' in error && error.locations !== undefined) {
    const locations = error.locations;
    if (!Array.isArray(locations) || !locations.every((l) => isObject(l) && Number.isInteger(l.line) && Number.isInteger(l.column))) {
      return 'has locations that are not {line, column} pairs';
    }
  }
  if ('extensions' in error && error.extensions !== undefined && !isObject(error.extensions)) return 'has extensions that are not an object';
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, bounded description of a value for an operator's log line (never the value itself). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${String(value).slice(0, 20)})`;
}

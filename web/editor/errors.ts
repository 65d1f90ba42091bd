import type { EditorKey } from '../shared/messages/editor';

/** A GraphQL error as the pages' client returns it (web/shared/graphql.ts, which needs a DOM, so not imported here). */
interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** A problem to show: next to a field (or the whole form), as a catalogue key or the node's own sentence. */
export interface Problem {
  field: string;
  key?: EditorKey;
  params?: Record<string, string | number>;
  /** The node's sentence when no catalogue key says it better. */
  text?: string;
  /** The write may have been applied (no answer): saving again with the same key is safe. */
  outcomeUnknown?: boolean;
}

/** The form field an error path names: `input.roles[0].title.text` → `roles`. */
export function fieldOf(path: string | undefined, fields: readonly string[]): string {
  if (!path) return 'form';
  const first = path.split('.')[1]?.replace(/\[\d+\]$/, '');
  return first && fields.includes(first) ? first : 'form';
}

/** Node sentences a person should read in plain words (subgraphs/country/data/write/validate.ts). */
function plainWords(message: string): Pick<Problem, 'key' | 'params'> | null {
  let m = /^endDate \((\S+)\) is before startDate \((\S+)\)/.exec(message);
  if (m) return { key: 'check.endBeforeStart', params: { end: m[1], start: m[2] } };
  if (/must not be empty/.test(message)) return { key: 'check.required' };
  m = /must be a lower-case ISO 639 language code .* got "(.*)"/.exec(message);
  if (m) return { key: 'check.lang', params: { lang: m[1] } };
  m = /lang: (\S+) is given twice/.exec(message);
  if (m) return { key: 'check.langTwice', params: { lang: m[1] } };
  if (/must not be negative/.test(message)) return { key: 'check.negative' };
  if (/is not an e-mail address/.test(message)) return { key: 'check.email' };
  if (/: no \w+ .* on the [A-Z]{2} node/.test(message)) return { key: 'check.unknownRef' };
  return null;
}

/** A server error in plain words, placed next to the field it is about. */
export function describeError(error: GraphQLErrorShape, fields: readonly string[]): Problem {
  const ext = error.extensions ?? {};
  switch (ext.code) {
    case 'BAD_USER_INPUT': {
      const field = fieldOf(ext.field, fields);
      return { field, ...(plainWords(error.message) ?? { text: error.message }) };
    }
    case 'VERSION_CONFLICT':
      return { field: 'version', key: 'error.conflict', params: { expected: String(ext.expectedVersion), actual: String(ext.actualVersion) } };
    case 'FORBIDDEN':
      return { field: 'form', key: 'error.forbidden', params: { detail: error.message } };
    case 'UNAUTHENTICATED':
      return { field: 'form', key: 'error.unauthenticated' };
    case 'NOT_FOUND':
      return { field: 'form', key: 'error.notFound' };
    case 'COUNTRY_BAD_RESPONSE': // its answer was refused: as unconfirmed as no answer
    case 'COUNTRY_UNAVAILABLE': {
      const unknown = ext.writeOutcome !== 'NOT_APPLIED';
      return {
        field: 'form',
        outcomeUnknown: unknown,
        key: unknown ? 'error.unconfirmed' : 'error.unavailable',
        params: { country: String(ext.country ?? '') },
      };
    }
    default:
      return { field: 'form', outcomeUnknown: true, key: 'error.failed', params: { detail: error.message } };
  }
}

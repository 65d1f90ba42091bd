import { GraphQLError, GraphQLID, GraphQLString, getNullableType, isInputObjectType, isListType, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { ErrorCode } from '../../../contract/errors.js';
import { LIST_LIMITS, TEXT_LIMITS, tooLongMessage, type ListLimit, type TextLimit } from '../../../contract/write-limits.js';

/**
 * Every text and list a write carries is bounded (contract/write-limits.ts holds the numbers),
 * checked on the raw arguments before the resolver runs, so an over-long value changes nothing
 * and costs nothing beyond its parse. Written here rather than with class-validator decorators:
 * the bound of a LocalizedTextInput depends on the field holding it (a title is not a summary),
 * which per-class decorators cannot say without new input types (the contract's names stay), and
 * the message must name the whole path (`input.title.translations[0].text`), which
 * class-validator's messages do not carry.
 */

/** What bounds one field: its text, its list, or both (a list of ids, of texts). */
interface Bound {
  text?: TextLimit;
  list?: ListLimit;
}

const RECORD_FIELDS: Record<string, Record<string, Bound>> = {
  Event: {
    title: { text: 'title' },
    summary: { text: 'paragraph' },
    city: { text: 'short' },
    venue: { text: 'short' },
    programmeId: { text: 'id' },
    organiserIds: { list: 'ids', text: 'id' },
    participantIds: { list: 'ids', text: 'id' },
    supporterIds: { list: 'ids', text: 'id' },
    themes: { list: 'themes' },
    sources: { list: 'sources' },
  },
  Programme: {
    code: { text: 'short' },
    title: { text: 'title' },
    summary: { text: 'paragraph' },
    recipientCountries: { list: 'countries' },
    themes: { list: 'themes' },
    objectives: { list: 'paragraphs', text: 'paragraph' },
    // One list of themes per objective.
    objectiveThemes: { list: 'paragraphs' },
    'objectiveThemes[]': { list: 'themes' },
    conventionNumbers: { list: 'conventions' },
    links: { list: 'links', text: 'url' },
    sources: { list: 'sources' },
    activities: { list: 'paragraphs', text: 'paragraph' },
  },
  Organisation: {
    name: { text: 'title' },
    acronym: { text: 'short' },
    globalRef: { text: 'short' },
    sources: { list: 'sources' },
    about: { list: 'paragraphs', text: 'paragraph' },
    formerNames: { list: 'names' },
    parentId: { text: 'id' },
  },
  Partnership: {
    organisationId: { text: 'id' },
    programmeId: { text: 'id' },
    description: { text: 'paragraph' },
    sources: { list: 'sources' },
  },
  Person: {
    name: { text: 'title' },
    nameVariants: { list: 'names', text: 'title' },
    globalRef: { text: 'short' },
    roles: { list: 'roles' },
    email: { text: 'email' },
    phone: { text: 'short' },
    sources: { list: 'sources' },
  },
};

/** `Type.field` → its bound (`Type.field[]`: the lists inside a list of lists); a root argument by its name. */
const BOUNDS: Record<string, Bound> = {
  id: { text: 'id' },
  'LocalizedTextInput.lang': { text: 'lang' },
  'LocalizedTextInput.translations': { list: 'translations' },
  'TranslationInput.lang': { text: 'lang' },
  'SourceRefInput.document': { text: 'document' },
  'SourceRefInput.excerpt': { text: 'excerpt' },
  'SourceRefInput.note': { text: 'excerpt' },
  'FormerNameInput.name': { text: 'title' },
  'PersonRoleInput.title': { text: 'title' },
  'PersonRoleInput.organisationId': { text: 'id' },
  'PersonRoleInput.eventId': { text: 'id' },
  'PersonRoleInput.programmeId': { text: 'id' },
};
for (const [record, fields] of Object.entries(RECORD_FIELDS)) {
  for (const [field, bound] of Object.entries(fields)) BOUNDS[`${record}Input.${field}`] = BOUNDS[`${record}Patch.${field}`] = bound;
}

/** Strings bounded by the text holding them: a title's translations are as long as titles. */
const INHERITED = new Set(['LocalizedTextInput.text', 'TranslationInput.text']);

const isText = (type: GraphQLInputType) => type === GraphQLString || type === GraphQLID;

function tooLong(path: string, length: number, limit: number, unit: 'characters' | 'items'): GraphQLError {
  return new GraphQLError(tooLongMessage(path, length, limit, unit), {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: path, length, limit },
  });
}

/** Throws BAD_USER_INPUT for the first value over its bound (in argument order). */
function check(value: unknown, type: GraphQLInputType, path: string, key: string, inherited: TextLimit | undefined): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type) as GraphQLInputType;
  const bound = BOUNDS[key];
  const text = INHERITED.has(key) ? inherited : (bound?.text ?? inherited);
  if (isListType(nullable) && Array.isArray(value)) {
    if (bound?.list && value.length > LIST_LIMITS[bound.list]) throw tooLong(path, value.length, LIST_LIMITS[bound.list], 'items');
    const items = nullable.ofType as GraphQLInputType;
    const itemKey = isListType(getNullableType(items)) ? `${key}[]` : key;
    value.forEach((item, i) => check(item, items, `${path}[${i}]`, itemKey, text));
  } else if (isInputObjectType(nullable) && typeof value === 'object') {
    const fields = nullable.getFields();
    for (const [name, field] of Object.entries(fields)) {
      check((value as Record<string, unknown>)[name], field.type, `${path}.${name}`, `${nullable.name}.${name}`, text);
    }
  } else if (isText(nullable) && typeof value === 'string' && text && value.length > TEXT_LIMITS[text]) {
    throw tooLong(path, value.length, TEXT_LIMITS[text], 'characters');
  }
}

/** On every mutation resolver: its arguments within the write limits, or BAD_USER_INPUT naming the field. */
export const WriteLimits: MiddlewareFn = ({ args, info }, next) => {
  const field = info.parentType.getFields()[info.fieldName];
  for (const arg of field.args) check(args[arg.name], arg.type, arg.name, arg.name, undefined);
  return next();
};

/**
 * Paths of Mutation arguments (strings, ids and lists) with no bound: run when the schema is
 * built, so a field added without a limit stops the node at start instead of accepting anything.
 */
export function unboundedWriteFields(schema: GraphQLSchema): string[] {
  const missing = new Set<string>();
  const visit = (type: GraphQLInputType, path: string, key: string, inherited: TextLimit | undefined, depth: number) => {
    if (depth > 10) return;
    const nullable = getNullableType(type) as GraphQLInputType;
    const bound = BOUNDS[key];
    const text = INHERITED.has(key) ? inherited : (bound?.text ?? inherited);
    if (isListType(nullable)) {
      if (!bound?.list) missing.add(path);
      const items = nullable.ofType as GraphQLInputType;
      visit(items, `${path}[]`, isListType(getNullableType(items)) ? `${key}[]` : key, text, depth + 1);
    } else if (isInputObjectType(nullable)) {
      for (const [name, field] of Object.entries(nullable.getFields())) visit(field.type, `${path}.${name}`, `${nullable.name}.${name}`, text, depth + 1);
    } else if (isText(nullable) && !text) {
      missing.add(path);
    }
  };
  for (const [name, field] of Object.entries(schema.getMutationType()?.getFields() ?? {})) {
    for (const arg of field.args) visit(arg.type, `${name}(${arg.name})`, arg.name, undefined, 0);
  }
  return [...missing];
}

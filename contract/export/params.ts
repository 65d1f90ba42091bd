import { coerceInputValue, GraphQLError, isEnumType, isInputObjectType, type GraphQLSchema } from 'graphql';
import { badInput } from '../errors.js';
import { isStorableText, MAX_FILTER_STRING } from '../strings.js';
import { decodeCursor, type OrderName, type Position } from '../ordering.js';
import type { ExportKind } from './protocol.js';

/** What an export is asked for: the arguments of the GraphQL list field it mirrors, without `first`. */
export interface ExportRequest {
  kind: ExportKind;
  order: OrderName;
  /** The filter as the schema coerced it (enum values, Date / DateTime / CountryCode parsed). */
  filter: Record<string, unknown> | null;
  /** The client's raw filter JSON, forwarded to the nodes as given (each node coerces it again). */
  filterJson: string | null;
  after: string | null;
  afterPosition: Position | null;
}

/** The GraphQL types of each kind's arguments, read from the schema each side serves. */
const KIND_TYPES: Record<ExportKind, { filter: string; order: string; defaultOrder: OrderName }> = {
  events: { filter: 'EventFilter', order: 'EventOrder', defaultOrder: 'START_DATE_DESC' },
};

const PARAMS = new Set(['filter', 'orderBy', 'after', 'lang']);

/** Filters hold ids, codes and search words: the same bounds as the GraphQL path (contract/strings.ts). */
function checkStrings(value: unknown, path: string): void {
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length) {
    const [item, at] = stack.pop()!;
    if (typeof item === 'string') {
      if (!isStorableText(item)) throw badInput(`${at} contains a character that cannot be stored or searched (U+0000 or an unpaired surrogate)`, at);
      if (item.length > MAX_FILTER_STRING) throw badInput(`${at} is ${item.length} characters long; a filter value may have at most ${MAX_FILTER_STRING}`, at);
    } else if (Array.isArray(item)) item.forEach((v, i) => stack.push([v, `${at}.${i}`]));
    else if (item && typeof item === 'object') for (const [k, v] of Object.entries(item)) stack.push([v, `${at}.${k}`]);
  }
}

/**
 * Reads `filter` (JSON of the list field's filter input), `orderBy` and `after` from an export
 * URL and checks them against `schema` exactly as GraphQL would check the field's arguments;
 * anything wrong is BAD_USER_INPUT naming the parameter.
 */
export function readExportParams(kind: ExportKind, params: URLSearchParams, schema: GraphQLSchema): ExportRequest {
  const types = KIND_TYPES[kind];
  for (const name of params.keys()) {
    if (!PARAMS.has(name)) throw badInput(`Unknown parameter ${name}; an export takes filter (JSON), orderBy, after and lang`, name);
  }
  for (const name of PARAMS) if (params.getAll(name).length > 1) throw badInput(`Parameter ${name} is given more than once`, name);
  const orderType = schema.getType(types.order);
  const filterType = schema.getType(types.filter);
  if (!isEnumType(orderType) || !isInputObjectType(filterType)) throw new Error(`schema has no ${types.order} / ${types.filter}`);
  const orderName = params.get('orderBy') ?? types.defaultOrder;
  if (!orderType.getValue(orderName)) {
    throw badInput(
      `orderBy must be one of ${orderType
        .getValues()
        .map((v) => v.name)
        .join(', ')}`,
      'orderBy',
    );
  }
  const order = orderName as OrderName;
  const filterJson = params.get('filter');
  let filter: Record<string, unknown> | null = null;
  if (filterJson !== null && filterJson !== '') {
    let raw: unknown;
    try {
      raw = JSON.parse(filterJson);
    } catch {
      throw badInput(`filter is not JSON; write the ${types.filter} as a JSON object, e.g. {"types":["TRAINING"]}`, 'filter');
    }
    checkStrings(raw, 'filter');
    try {
      filter = coerceInputValue(raw, filterType, (path, _value, error) => {
        throw new GraphQLError(`filter${path.map((p) => `.${p}`).join('')}: ${error.message}`);
      }) as Record<string, unknown>;
    } catch (error) {
      throw badInput((error as Error).message.startsWith('filter') ? (error as Error).message : `filter: ${(error as Error).message}`, 'filter');
    }
  }
  const after = params.get('after') || null;
  return { kind, order, filter, filterJson: filter ? filterJson : null, after, afterPosition: after ? decodeCursor(order, after) : null };
}

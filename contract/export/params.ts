import { coerceInputValue, getNamedType, GraphQLError, isEnumType, isInputObjectType, type GraphQLSchema } from 'graphql';
import { badInput } from '../errors.js';
import { isStorableText, MAX_FILTER_STRING } from '../strings.js';
import { decodeCursor, isOrderName, type OrderName, type Position } from '../ordering.js';

/** Which list an export mirrors: its root field and the names of its filter and order arguments. */
export interface ExportedList {
  /** The path under `/export/` the list is declared at. */
  path: string;
  field: string;
  filterArgument: string;
  /** Null for a list ordered by id alone. */
  orderArgument: string | null;
}

/** What an export is asked for: the arguments of the GraphQL list field it mirrors, without `first`. */
export interface ExportRequest {
  list: ExportedList;
  order: OrderName;
  /** The filter as the schema coerced it (enum values, Date / DateTime / CountryCode parsed). */
  filter: Record<string, unknown> | null;
  /** The client's raw filter JSON, forwarded to the nodes as given (each node coerces it again). */
  filterJson: string | null;
  after: string | null;
  afterPosition: Position | null;
}

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
 * URL and checks them against `schema` exactly as GraphQL would check the field's arguments
 * (the argument types and the default order are the field's own); anything wrong is
 * BAD_USER_INPUT naming the parameter.
 */
export function readExportParams(list: ExportedList, params: URLSearchParams, schema: GraphQLSchema): ExportRequest {
  for (const name of params.keys()) {
    if (!PARAMS.has(name)) throw badInput(`Unknown parameter ${name}; an export takes filter (JSON), orderBy, after and lang`, name);
  }
  for (const name of PARAMS) if (params.getAll(name).length > 1) throw badInput(`Parameter ${name} is given more than once`, name);
  const field = schema.getQueryType()?.getFields()[list.field];
  const filterArg = field?.args.find((a) => a.name === list.filterArgument);
  const orderArg = list.orderArgument === null ? null : field?.args.find((a) => a.name === list.orderArgument);
  const filterType = filterArg ? getNamedType(filterArg.type) : undefined;
  const orderType = orderArg ? getNamedType(orderArg.type) : null;
  if (!isInputObjectType(filterType) || (orderType !== null && !isEnumType(orderType))) throw new Error(`schema has no list ${list.field} to export`);
  let order: OrderName = 'ID_ASC';
  const orderName = params.get('orderBy');
  if (orderType === null) {
    if (orderName !== null) throw badInput(`${list.path} are ordered by id; an export of them takes no orderBy`, 'orderBy');
  } else {
    const chosen = orderName ?? orderArg?.defaultValue;
    if (typeof chosen !== 'string' || !orderType.getValue(chosen) || !isOrderName(chosen)) {
      throw badInput(
        `orderBy must be one of ${orderType
          .getValues()
          .map((v) => v.name)
          .join(', ')}`,
        'orderBy',
      );
    }
    order = chosen;
  }
  const filterJson = params.get('filter');
  let filter: Record<string, unknown> | null = null;
  if (filterJson !== null && filterJson !== '') {
    let raw: unknown;
    try {
      raw = JSON.parse(filterJson);
    } catch {
      throw badInput(`filter is not JSON; write the ${filterType.name} as a JSON object, e.g. {"countries":["KG"]}`, 'filter');
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
  return { list, order, filter, filterJson: filter ? filterJson : null, after, afterPosition: after ? decodeCursor(order, after) : null };
}

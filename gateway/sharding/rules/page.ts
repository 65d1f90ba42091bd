import { Kind, print } from 'graphql';
import { ShardDirective } from '../../../contract/sharding.js';
import { RELAY } from '../relay.js';
import { argumentDefault, directive, directiveArg, namedType, type FieldInfo } from '../sdl-index.js';
import type { Declaration } from './declaration.js';

export type Direction = 'ASC' | 'DESC';

export interface PageRule {
  kind: 'page';
  orderArgument: string | null;
  defaultOrder: string | null;
  /** Direction of each order value's sort key; the id tie-break is always ascending. */
  directions: Map<string, Direction>;
  countriesPath: string[] | null;
  defaultFirst: number;
  /** Connection fields added across nodes (e.g. a total count). */
  sumFields: Set<string>;
  typenames: { connection: string; pageInfo: string };
  /** Declared types of `first` and `after` (e.g. `Int`, `String`), for the variables of a top-up request. */
  argumentTypes: { first: string; after: string };
}

/** `@shardPage`: a Relay connection whose every field the gateway can merge, with a direction for every order value. */
export function readPageRule({ index, field, at, directive: node, countriesPath, errors }: Declaration): PageRule {
  const orderArgument = directiveArg(node, 'orderArgument');
  const ascending = directiveArg(node, 'ascending');
  const descending = directiveArg(node, 'descending');
  const connection = index.objects.get(field.typeName);
  if (!connection || field.isList || ![RELAY.edges, RELAY.nodes, RELAY.pageInfo].every((f) => connection.fields.has(f))) {
    errors.push(`${at} @${ShardDirective.page}: ${field.typeName} is not a Relay connection (edges, nodes, pageInfo)`);
  }
  const defaultFirst = argumentDefault(field, RELAY.first);
  if (!Number.isInteger(defaultFirst)) errors.push(`${at} @${ShardDirective.page}: argument ${RELAY.first} needs an integer default`);
  if (!field.args.has(RELAY.after)) errors.push(`${at} @${ShardDirective.page}: argument ${RELAY.after} is missing`);
  const sumFields = new Set<string>();
  for (const f of connection?.fields.values() ?? []) {
    if (directive(f.directives, ShardDirective.sum)) sumFields.add(f.name);
    else if (!([RELAY.edges, RELAY.nodes, RELAY.pageInfo] as string[]).includes(f.name)) {
      errors.push(`${field.typeName}.${f.name}: a connection field the gateway cannot merge (declare @${ShardDirective.sum} or remove it)`);
    }
  }
  const directions = new Map<string, Direction>();
  let defaultOrder: string | null = null;
  if (typeof orderArgument === 'string') {
    const arg = field.args.get(orderArgument);
    const values = arg ? index.enums.get(namedType(arg.type)) : undefined;
    if (!values) errors.push(`${at} @${ShardDirective.page}: orderArgument ${orderArgument} is not an enum argument`);
    for (const v of (ascending as string[] | undefined) ?? []) directions.set(v, 'ASC');
    for (const v of (descending as string[] | undefined) ?? []) directions.set(v, 'DESC');
    const undeclared = (values ?? []).filter((v) => !directions.has(v));
    if (undeclared.length) errors.push(`${at} @${ShardDirective.page}: order values without a direction: ${undeclared.join(', ')}`);
    const def = argumentDefault(field, orderArgument);
    if (typeof def !== 'string') errors.push(`${at} @${ShardDirective.page}: orderArgument ${orderArgument} needs a default`);
    else defaultOrder = def;
  }
  return {
    kind: 'page',
    orderArgument: typeof orderArgument === 'string' ? orderArgument : null,
    defaultOrder,
    directions,
    countriesPath,
    defaultFirst: Number(defaultFirst),
    sumFields,
    typenames: { connection: field.typeName, pageInfo: connection?.fields.get(RELAY.pageInfo)?.typeName ?? RELAY.pageInfo },
    argumentTypes: { first: typeOf(field, RELAY.first), after: typeOf(field, RELAY.after) },
  };
}

/** An argument's declared type without its non-null marker (a top-up always sends a value). */
function typeOf(field: FieldInfo, name: string): string {
  const type = field.args.get(name)?.type;
  return type ? print(type.kind === Kind.NON_NULL_TYPE ? type.type : type) : 'String';
}

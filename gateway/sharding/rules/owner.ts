import { OWNER_BY, ShardDirective, type OwnerBy } from '../../../contract/sharding.js';
import { directiveArg } from '../sdl-index.js';
import { argumentPath, type Declaration } from './declaration.js';

export interface OwnerRule {
  kind: 'owner';
  argumentPath: string[];
  by: OwnerBy;
}

/** `@shardOwner`: the argument path naming the one owning node, and how its value names a country. */
export function readOwnerRule({ index, field, at, directive: node, errors }: Declaration): OwnerRule {
  const argument = directiveArg(node, 'argument');
  const by = directiveArg(node, 'by');
  const path = argumentPath(argument) ?? [];
  if (!index.hasArgumentPath(field, path)) errors.push(`${at} @${ShardDirective.owner}: ${String(argument)} is not an argument path`);
  if (!OWNER_BY.includes(by as OwnerBy)) errors.push(`${at} @${ShardDirective.owner}: by must be ${OWNER_BY.join(' or ')}`);
  return { kind: 'owner', argumentPath: path, by: by as OwnerBy };
}

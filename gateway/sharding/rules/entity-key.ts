import { OWNER_BY, ShardDirective, type OwnerBy } from '../../../contract/sharding.js';
import { directive, directiveArg, type ObjectInfo } from '../sdl-index.js';

/** `@shardKey` on an entity type: which key field names the owning country, and how. */
export interface EntityKey {
  field: string;
  by: OwnerBy;
}

/**
 * The owning-country key of a resolvable entity type; null for a type that is no entity (or whose
 * `@key` is not resolvable here). An entity without `@shardKey` is an error: the gateway would not
 * know which node to ask for it.
 */
export function readEntityKey(type: ObjectInfo, errors: string[]): EntityKey | null {
  const key = directive(type.directives, 'key');
  if (!key || directiveArg(key, 'resolvable') === false) return null;
  const shardKey = directive(type.directives, ShardDirective.key);
  if (!shardKey) {
    errors.push(`${type.name}: an entity of a sharded subgraph needs @${ShardDirective.key} to say which node owns it`);
    return null;
  }
  const keyField = String(directiveArg(shardKey, 'field'));
  const by = directiveArg(shardKey, 'by') as OwnerBy;
  if (!type.fields.has(keyField)) errors.push(`${type.name} @${ShardDirective.key}: no field ${keyField}`);
  if (!OWNER_BY.includes(by)) errors.push(`${type.name} @${ShardDirective.key}: by must be ${OWNER_BY.join(' or ')}`);
  return { field: keyField, by };
}

/** `@shardOwned` fields of a type must say how their values name a country (answers are checked against it). */
export function checkOwnedFields(type: ObjectInfo, errors: string[]): void {
  for (const field of type.fields.values()) {
    const owned = directive(field.directives, ShardDirective.owned);
    if (owned && !OWNER_BY.includes(directiveArg(owned, 'by') as OwnerBy))
      errors.push(`${type.name}.${field.name} @${ShardDirective.owned}: by must be ${OWNER_BY.join(' or ')}`);
  }
}

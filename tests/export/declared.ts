import { countrySchema } from '../../subgraphs/country/schema.js';
import { readShardingSpec, type ExportRule } from '../../gateway/sharding/spec.js';
import type { LineRules } from '../../gateway/export/node-stream.js';
import { rowCheck } from '../../gateway/export/row-check.js';
import { NODE_SCALARS } from '../../gateway/country-transport.js';
import type { OrderName } from '../../contract/ordering.js';

/** An export as the gateway reads it from the country subgraph's own SDL (what it declares, nothing made up). */
export async function declaredExport(path: string): Promise<ExportRule> {
  const { spec, errors } = readShardingSpec((await countrySchema()).typeDefs);
  const rule = spec?.exports.get(path);
  if (!rule) throw new Error(`no export ${path}: ${errors.join('; ')}`);
  return rule;
}

/** How the gateway reads a node's lines of that export in `order`. */
export async function declaredLineRules(path: string, order: OrderName): Promise<LineRules> {
  const rule = await declaredExport(path);
  return { order, direction: rule.page.directions.get(order) ?? null, row: rowCheck(rule, NODE_SCALARS) };
}

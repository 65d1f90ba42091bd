import type { FieldNode } from 'graphql';
import type { KeyDirection } from '../../contract/ordering.js';
import { ownerOf } from '../../contract/sharding.js';
import { argumentValue, hiddenAlias, responseKey, withHiddenScalars, withIntArgument, withPageFields, type ParsedFetch } from '../operation.js';
import { splitRepresentations, type EntitySplit } from '../primitives/entity-split.js';
import { asObject, type Json } from '../primitives/json.js';
import { ownerFromArguments, targetCountries } from '../primitives/route-to-owner.js';
import { RELAY } from '../sharding/relay.js';
import type { PageFetchPolicy } from './page-policy.js';
import type { AggregateRule } from '../sharding/rules/aggregate.js';
import type { FeedRule } from '../sharding/rules/feed.js';
import type { GroupMergeRule } from '../sharding/rules/group-merge.js';
import type { OwnerRule } from '../sharding/rules/owner.js';
import type { PageRule } from '../sharding/rules/page.js';
import type { ShardingSpec } from '../sharding/spec.js';
import { planFeed } from './feed-plan.js';

/** One rewritten root field one node must answer; fields of the same node travel in one request. */
export interface NodePart {
  country: string;
  field: FieldNode;
  /** Identifies the rewritten field's shape, so printed node operations can be reused. */
  shape: string;
  /** Variables that differ per node (an entity fetch's representations). */
  variables?: Record<string, unknown>;
}

interface Planned {
  key: string;
  field: FieldNode;
}

/** How one root field of a subgraph fetch is answered (Apollo's typed query-plan nodes, per field). */
export type FieldPlan =
  | { kind: 'Typename'; key: string; value: string }
  | (Planned & {
      kind: 'Page';
      rule: PageRule;
      countries: string[];
      direction: KeyDirection;
      first: number;
      /** Rows each node was asked for; below `first`, nodes that may hold more are topped up. */
      share: number;
      /** Field, order, page size and node count: what the fetch policy learns per. */
      pageShape: string;
    })
  | (Planned & { kind: 'Aggregate'; rule: AggregateRule; countries: string[]; keyAliases: string[] })
  | (Planned & { kind: 'GroupMerge'; rule: GroupMergeRule; countries: string[]; threshold: number })
  | (Planned & { kind: 'Owned'; owner: string | null })
  | (Planned & { kind: 'Entities'; split: EntitySplit; representations: Json[] })
  | (Planned & { kind: 'AnyNode'; country: string | null })
  | (Planned & { kind: 'Feed'; rule: FeedRule; countries: string[]; first: number; since: string | null });

export interface QueryPlan {
  fields: FieldPlan[];
  parts: NodePart[];
}

/** A mutation field and the one country it writes to (null: it names no served country). */
export interface MutationStep extends Planned {
  owner: string | null;
  rule: OwnerRule | null;
}

/** The federation root field whose answer is the same on every node. */
const SAME_EVERYWHERE = '_service';
const ENTITIES = '_entities';

/**
 * Plans a query fetch from the sharding declarations alone: which node answers which rewritten
 * root field, and how the answers are merged. `countries` are the configured nodes.
 */
export function planQuery(
  parsed: ParsedFetch,
  variables: Record<string, unknown>,
  spec: ShardingSpec,
  countries: readonly string[],
  pages?: PageFetchPolicy,
): QueryPlan {
  const parts: NodePart[] = [];
  const configured = new Set(countries);
  const fields = parsed.rootFields.map((field, index): FieldPlan => {
    const key = responseKey(field);
    const name = field.name.value;
    const shape = (variant = '') => `${index}${variant}`;
    if (name === '__typename') return { kind: 'Typename', key, value: 'Query' };
    if (name === SAME_EVERYWHERE) {
      const country = countries[0] ?? null;
      if (country) parts.push({ country, field, shape: shape() });
      return { kind: 'AnyNode', key, field, country };
    }
    if (name === ENTITIES) {
      const representations = ((argumentValue(field, 'representations', variables) as unknown[] | undefined) ?? []).map(asObject);
      const split = splitRepresentations(representations, (rep) => {
        const entityKey = spec.entityKeys.get(String(asObject(rep).__typename));
        const owner = entityKey ? ownerOf(asObject(rep)[entityKey.field], entityKey.by) : null;
        return owner && configured.has(owner) ? owner : null;
      });
      const variable = representationsVariable(field);
      for (const [country, part] of split.byCountry) {
        parts.push({ country, field, shape: shape(), variables: variable ? { [variable]: part.representations } : undefined });
      }
      return { kind: 'Entities', key, field, split, representations };
    }
    const rule = spec.query.get(name);
    if (!rule) throw new Error(`Query.${name} has no sharding declaration`); // the registry refuses such an SDL
    switch (rule.kind) {
      case 'page': {
        const targets = targetCountries(field, variables, rule.countriesPath, countries);
        const order = rule.orderArgument ? ((argumentValue(field, rule.orderArgument, variables) as string | undefined) ?? rule.defaultOrder) : null;
        const given = argumentValue(field, RELAY.first, variables);
        const first = typeof given === 'number' ? given : rule.defaultFirst;
        const pageShape = `${name}:${order ?? ''}:${first}:${targets.length}`;
        const share = pages ? pages.share(pageShape, first, targets.length) : first;
        const rewritten = share < first ? withIntArgument(withPageFields(field), RELAY.first, share) : withPageFields(field);
        for (const country of targets) parts.push({ country, field: rewritten, shape: shape(share < first ? `:${share}` : '') });
        return {
          kind: 'Page',
          key,
          field,
          rule,
          countries: targets,
          direction: order ? (rule.directions.get(order) ?? null) : null,
          first,
          share,
          pageShape,
        };
      }
      case 'aggregate': {
        const targets = targetCountries(field, variables, rule.countriesPath, countries);
        const groups = argumentValue(field, rule.groupArgument, variables);
        const keyFields = [...new Set(Array.isArray(groups) ? groups.map(String) : [])].map((g) => rule.keyFieldOf.get(g)).filter((f) => f !== undefined);
        const keyAliases = keyFields.map(hiddenAlias);
        const rewritten = withHiddenScalars(
          field,
          keyFields.map((f) => [hiddenAlias(f), f]),
        );
        for (const country of targets) parts.push({ country, field: rewritten, shape: shape(`:${keyFields.join(',')}`) });
        return { kind: 'Aggregate', key, field, rule, countries: targets, keyAliases };
      }
      case 'groupMerge': {
        const targets = targetCountries(field, variables, rule.countriesPath, countries);
        const given = argumentValue(field, rule.thresholdArgument, variables);
        const threshold = typeof given === 'number' ? given : rule.defaultThreshold;
        // Nodes group their own rows (threshold 1); the threshold applies after the merge. An
        // invalid threshold is passed through so the nodes reject it as they would directly.
        const base = threshold >= 1 ? withIntArgument(field, rule.thresholdArgument, 1) : field;
        const rewritten = withHiddenScalars(base, [
          [hiddenAlias(rule.keyField), rule.keyField],
          [hiddenAlias(rule.countriesField), rule.countriesField],
        ]);
        for (const country of targets) parts.push({ country, field: rewritten, shape: shape(threshold >= 1 ? ':merged' : ':as-given') });
        return { kind: 'GroupMerge', key, field, rule, countries: targets, threshold };
      }
      case 'feed': {
        const feed = planFeed(field, rule, variables, countries);
        for (const country of feed.countries) parts.push({ country, field: feed.rewritten, shape: shape(`:${feed.share ?? ''}`) });
        return { kind: 'Feed', key, field, rule, countries: feed.countries, first: feed.first, since: feed.since };
      }
      default: {
        const owner = ownerFromArguments(field, variables, rule.argumentPath, rule.by);
        const served = owner && configured.has(owner) ? owner : null;
        if (served) parts.push({ country: served, field, shape: shape() });
        return { kind: 'Owned', key, field, owner: served };
      }
    }
  });
  return { fields, parts };
}

/** Plans a mutation fetch: each field goes to the one node that owns what it writes. */
export function planMutation(parsed: ParsedFetch, variables: Record<string, unknown>, spec: ShardingSpec): MutationStep[] {
  return parsed.rootFields.map((field) => {
    const rule = field.name.value === '__typename' ? null : (spec.mutation.get(field.name.value) ?? null);
    const owner = rule ? ownerFromArguments(field, variables, rule.argumentPath, rule.by) : null;
    return { key: responseKey(field), field, owner, rule };
  });
}

/** The variable the planner passes representations in (one `_entities` per fetch). */
function representationsVariable(field: FieldNode): string | null {
  const arg = field.arguments?.find((a) => a.name.value === 'representations');
  return arg?.value.kind === 'Variable' ? arg.value.name.value : null;
}

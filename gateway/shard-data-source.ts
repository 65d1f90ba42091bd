import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { FieldNode, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../shared/errors.js';
import { DEFAULT_PAGE_SIZE, type OrderName } from '../shared/ordering.js';
import {
  emptyConnection,
  mergeConnections,
  mergeReach,
  mergeStats,
  REACH_COUNTRIES,
  REACH_GLOBAL_REF,
  statDimensionAlias,
  type NodeConnection,
} from './merge.js';
import { NodeUnavailableError, postToNode, type NodeResponse } from './node-client.js';
import {
  argumentValue,
  buildSubOperation,
  flattenFields,
  parseFetch,
  responseKey,
  withHiddenScalars,
  withIntArgument,
  withShardFields,
  type ParsedFetch,
} from './operation.js';
import type { NodeRegistry } from './registry.js';

/** Request context the gateway's ApolloServer builds; the Authorization header is forwarded as is. */
export interface GatewayContext {
  authorization?: string;
  /** Countries already reported COUNTRY_UNAVAILABLE in this request (one error per node, across fetches). */
  unavailableReported?: Set<string>;
}

type Json = Record<string, any>;

const CONNECTION_FIELDS: Record<string, { defaultOrder: OrderName; ordered: boolean }> = {
  events: { defaultOrder: 'START_DATE_DESC', ordered: true },
  programmes: { defaultOrder: 'START_DATE_DESC', ordered: true },
  partnerships: { defaultOrder: 'ID_ASC', ordered: false },
  organisations: { defaultOrder: 'ID_ASC', ordered: false },
};
const STATS_FIELDS = new Set(['eventStats', 'programmeStats']);
const BY_ID_FIELDS = new Set(['programme', 'event', 'partnership', 'organisation']);

/** The country that owns an id (`KG:EVT:…` → KG). */
export function ownerOfId(id: unknown): string | null {
  if (typeof id !== 'string') return null;
  const m = /^([A-Z]{2}):/.exec(id);
  return m ? m[1] : null;
}

/** How one root field of a fetch is answered. */
type Plan =
  | { kind: 'connection'; field: FieldNode; key: string; targets: string[]; order: OrderName; first: number }
  | { kind: 'stats'; field: FieldNode; key: string; targets: string[]; dimensions: string[] }
  | { kind: 'reach'; field: FieldNode; key: string; targets: string[]; minCountries: number }
  | { kind: 'owned'; field: FieldNode; key: string; owner: string | null }
  | { kind: 'entities'; field: FieldNode; key: string; owners: Array<string | null>; types: string[] }
  | { kind: 'typename'; key: string };

interface NodeAnswer {
  country: string;
  response?: NodeResponse;
  unavailable?: string;
}

/**
 * The `country` subgraph as one data source over many nodes (one per country). Each fetch the
 * query planner makes is split by root field: lists and stats are scattered to the nodes asked
 * for and merged into the single-database answer; by-id fields, `_entities` and mutations go
 * to the owning node only. A node that fails or exceeds the timeout costs its data and one
 * COUNTRY_UNAVAILABLE error, never the whole response.
 */
export class ShardedCountryDataSource implements GraphQLDataSource<GatewayContext> {
  /** Requests sent per country (for tests and the benchmark). */
  readonly requestCounts = new Map<string, number>();

  constructor(private readonly registry: NodeRegistry, private readonly timeoutMs: number) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const parsed = parseFetch(request.query!, request.operationName);
    const variables = (request.variables ?? {}) as Record<string, unknown>;
    const context = (options.context ?? {}) as GatewayContext;
    const headers: Record<string, string> = context.authorization ? { authorization: context.authorization } : {};
    if (parsed.operation.operation === 'mutation') return this.mutate(parsed, variables, headers);
    return this.query(parsed, variables, headers, (context.unavailableReported ??= new Set()));
  }

  private allCountries(): string[] {
    return [...this.registry.nodes.keys()];
  }

  private targetsFor(field: FieldNode, variables: Record<string, unknown>): string[] {
    const filter = argumentValue(field, 'filter', variables) as { countries?: string[] | null } | null | undefined;
    const all = this.allCountries();
    return filter?.countries ? all.filter((c) => filter.countries!.includes(c)) : all;
  }

  private plan(parsed: ParsedFetch, variables: Record<string, unknown>): Plan[] {
    return parsed.rootFields.map((field): Plan => {
      const key = responseKey(field);
      const name = field.name.value;
      if (name === '__typename') return { kind: 'typename', key };
      const connection = CONNECTION_FIELDS[name];
      if (connection) {
        const order = (connection.ordered ? (argumentValue(field, 'orderBy', variables) as OrderName | undefined) : undefined) ?? connection.defaultOrder;
        const first = argumentValue(field, 'first', variables);
        return { kind: 'connection', field, key, targets: this.targetsFor(field, variables), order, first: typeof first === 'number' ? first : DEFAULT_PAGE_SIZE };
      }
      if (STATS_FIELDS.has(name)) {
        const dims = argumentValue(field, 'groupBy', variables);
        const dimensions = [...new Set(Array.isArray(dims) ? (dims as string[]) : [])];
        return { kind: 'stats', field, key, targets: this.targetsFor(field, variables), dimensions };
      }
      if (name === 'organisationReach') {
        const min = argumentValue(field, 'minCountries', variables);
        return { kind: 'reach', field, key, targets: this.targetsFor(field, variables), minCountries: typeof min === 'number' ? min : 2 };
      }
      if (BY_ID_FIELDS.has(name)) return { kind: 'owned', field, key, owner: ownerOfId(argumentValue(field, 'id', variables)) };
      if (name === '_entities') {
        const reps = (argumentValue(field, 'representations', variables) as Json[] | undefined) ?? [];
        const owners = reps.map((r) => (r?.__typename === 'Country' ? (typeof r.code === 'string' ? r.code : null) : ownerOfId(r?.id)));
        return { kind: 'entities', field, key, owners, types: reps.map((r) => String(r?.__typename)) };
      }
      // Anything else (e.g. _service) is the same on every node: ask the first one.
      return { kind: 'owned', field, key, owner: this.allCountries()[0] ?? null };
    });
  }

  private async send(country: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<NodeAnswer> {
    const reason = this.registry.unusableReason(country);
    if (reason) return { country, unavailable: reason };
    const node = this.registry.nodes.get(country)!;
    this.requestCounts.set(country, (this.requestCounts.get(country) ?? 0) + 1);
    try {
      const response = await postToNode(node.url, query, variables, { timeoutMs: this.timeoutMs, headers });
      this.registry.reportSuccess(country);
      return { country, response };
    } catch (error) {
      const message = error instanceof NodeUnavailableError ? error.message : `request failed (${(error as Error).message})`;
      this.registry.reportFailure(country, message);
      return { country, unavailable: message };
    }
  }

  private async query(parsed: ParsedFetch, variables: Record<string, unknown>, headers: Record<string, string>, reported: Set<string>): Promise<GatewayGraphQLResponse> {
    const plans = this.plan(parsed, variables);
    // Which rewritten root fields each node must answer (one request per node).
    // Which rewritten root fields each node must answer (one request per node). Each part has a
    // key so the printed per-node operation can be reused across nodes and requests.
    const perNode = new Map<string, Array<{ field: FieldNode; key: string }>>();
    const add = (country: string, field: FieldNode, key: string) => {
      const list = perNode.get(country) ?? [];
      list.push({ field, key });
      perNode.set(country, list);
    };
    const entityVariables = new Map<string, Json[]>();
    plans.forEach((plan, index) => {
      if (plan.kind === 'connection') {
        const field = withShardFields(plan.field);
        for (const c of plan.targets) add(c, field, `${index}`);
      } else if (plan.kind === 'stats') {
        const field = withHiddenScalars(plan.field, plan.dimensions.map((d) => [statDimensionAlias(d), d.toLowerCase()]));
        for (const c of plan.targets) add(c, field, `${index}:${plan.dimensions.join(',')}`);
      } else if (plan.kind === 'reach') {
        // Nodes group their own rows (minCountries 1); the country threshold applies after the merge.
        // An invalid minCountries is passed through so the nodes reject it.
        const base = plan.minCountries >= 1 ? withIntArgument(plan.field, 'minCountries', 1) : plan.field;
        const field = withHiddenScalars(base, [[REACH_GLOBAL_REF, 'globalRef'], [REACH_COUNTRIES, 'countries']]);
        for (const c of plan.targets) add(c, field, `${index}:${plan.minCountries >= 1 ? 'grouped' : 'as-given'}`);
      } else if (plan.kind === 'owned' && plan.owner && this.registry.nodes.has(plan.owner)) add(plan.owner, plan.field, `${index}`);
      else if (plan.kind === 'entities') {
        const reps = (argumentValue(plan.field, 'representations', variables) as Json[]) ?? [];
        plan.owners.forEach((owner, i) => {
          if (!owner || !this.registry.nodes.has(owner)) return;
          if (!entityVariables.has(owner)) {
            entityVariables.set(owner, []);
            add(owner, plan.field, `${index}`);
          }
          entityVariables.get(owner)!.push(reps[i]);
        });
      }
    });
    const representationsVar = this.representationsVariable(plans);
    const answers = await Promise.all(
      [...perNode.entries()].map(([country, fields]) => {
        const nodeVariables = entityVariables.has(country) && representationsVar
          ? { ...variables, [representationsVar]: entityVariables.get(country) }
          : variables;
        const query = printedSubOperation(parsed, fields.map((f) => f.key).join('|'), () => fields.map((f) => f.field));
        return this.send(country, query, nodeVariables, headers);
      }),
    );
    const byCountry = new Map(answers.map((a) => [a.country, a]));
    return this.assemble(parsed, plans, byCountry, reported);
  }

  /** The variable the planner passes representations in (always one `_entities` per fetch). */
  private representationsVariable(plans: Plan[]): string | null {
    const plan = plans.find((p) => p.kind === 'entities') as Extract<Plan, { kind: 'entities' }> | undefined;
    const arg = plan?.field.arguments?.find((a) => a.name.value === 'representations');
    return arg?.value.kind === 'Variable' ? arg.value.name.value : null;
  }

  private assemble(parsed: ParsedFetch, plans: Plan[], byCountry: Map<string, NodeAnswer>, reported: Set<string>): GatewayGraphQLResponse {
    const data: Json = {};
    const errors: GraphQLFormattedError[] = [];
    const seenErrors = new Set<string>();
    const pushError = (e: GraphQLFormattedError) => {
      const id = JSON.stringify([e.message, e.extensions?.code, e.extensions?.country, e.path]);
      if (!seenErrors.has(id)) {
        seenErrors.add(id);
        errors.push(e);
      }
    };
    const unavailable = (country: string, reason: string) => {
      if (reported.has(country)) return;
      reported.add(country);
      pushError({ message: `Country node ${country} is unavailable: ${reason}`, extensions: { code: ErrorCode.COUNTRY_UNAVAILABLE, country } });
    };
    // Errors a node returned about a field, by response key (paths start with it).
    const nodeErrors = (answer: NodeAnswer, key: string) => (answer.response?.errors ?? []).filter((e) => !e.path || e.path[0] === key);

    for (const plan of plans) {
      if (plan.kind === 'typename') {
        data[plan.key] = 'Query';
        continue;
      }
      if (plan.kind === 'connection' || plan.kind === 'stats' || plan.kind === 'reach') {
        const values: Array<{ country: string; value: any }> = [];
        let answeredWithNull = false;
        for (const country of plan.targets) {
          const answer = byCountry.get(country)!;
          if (answer.unavailable) {
            unavailable(country, answer.unavailable);
            continue;
          }
          for (const e of nodeErrors(answer, plan.key)) pushError(plan.kind === 'connection' ? stripItemPath(e) : e);
          const value = answer.response?.data?.[plan.key];
          if (value === null || value === undefined) answeredWithNull = true;
          else values.push({ country, value });
        }
        if (plan.kind === 'connection') {
          // A field every answering node rejected (e.g. bad `first`) stays null like on one node.
          data[plan.key] = answeredWithNull && values.length === 0
            ? null
            : values.length === 0
              ? emptyConnection(plan.field, parsed.fragments)
              : mergeConnections(plan.field, parsed.fragments, plan.order, plan.first, values as NodeConnection[]);
        } else if (plan.kind === 'stats') {
          data[plan.key] = answeredWithNull && values.length === 0 ? null : mergeStats(plan.field, parsed.fragments, plan.dimensions, values.map((v) => v.value));
        } else {
          data[plan.key] = answeredWithNull && values.length === 0 ? null : mergeReach(plan.field, parsed.fragments, plan.minCountries, values);
        }
        continue;
      }
      if (plan.kind === 'owned') {
        const answer = plan.owner ? byCountry.get(plan.owner) : undefined;
        if (!answer) {
          data[plan.key] = null; // no node for that country: nothing has that id
          continue;
        }
        if (answer.unavailable) unavailable(answer.country, answer.unavailable);
        for (const e of nodeErrors(answer, plan.key)) pushError(e);
        data[plan.key] = answer.response?.data?.[plan.key] ?? null;
        continue;
      }
      // _entities: put each node's answers back at their representations' positions.
      const cursors = new Map<string, number>();
      data[plan.key] = plan.owners.map((owner, globalIndex) => {
        const answer = owner ? byCountry.get(owner) : undefined;
        if (!answer || answer.unavailable) {
          if (answer?.unavailable) unavailable(answer.country, answer.unavailable);
          // A country without a reachable node has no programmes/events here: empty lists, not a null Country.
          return plan.types[globalIndex] === 'Country' ? emptyCountry(plan.field, parsed.fragments) : null;
        }
        const local = cursors.get(owner!) ?? 0;
        cursors.set(owner!, local + 1);
        for (const e of nodeErrors(answer, plan.key)) {
          if (e.path?.[1] === local) pushError({ ...e, path: [plan.key, globalIndex, ...e.path.slice(2)] });
          else if (!e.path || e.path.length < 2) pushError(e);
        }
        return answer.response?.data?.[plan.key]?.[local] ?? null;
      });
    }
    return errors.length ? { data, errors } : { data };
  }

  private async mutate(parsed: ParsedFetch, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GatewayGraphQLResponse> {
    const data: Json = {};
    const errors: GraphQLFormattedError[] = [];
    // Mutation fields run one after another, each on the one node that owns its data.
    for (const field of parsed.rootFields) {
      const key = responseKey(field);
      if (field.name.value === '__typename') {
        data[key] = 'Mutation';
        continue;
      }
      const input = argumentValue(field, 'input', variables) as { country?: unknown } | undefined;
      const owner = typeof input?.country === 'string' ? input.country : ownerOfId(argumentValue(field, 'id', variables));
      if (!owner || !this.registry.nodes.has(owner)) {
        data[key] = null;
        errors.push({
          message: owner ? `No country node serves ${owner}; writes go to the owning country's node` : `Cannot tell which country ${field.name.value} writes to`,
          path: [key],
          extensions: { code: ErrorCode.BAD_USER_INPUT },
        });
        continue;
      }
      const query = printedSubOperation(parsed, `m:${key}`, () => [field]);
      const answer = await this.send(owner, query, variables, headers);
      if (answer.unavailable) {
        data[key] = null;
        errors.push({ message: `Country node ${owner} is unavailable: ${answer.unavailable}`, path: [key], extensions: { code: ErrorCode.COUNTRY_UNAVAILABLE, country: owner } });
        continue;
      }
      data[key] = answer.response?.data?.[key] ?? null;
      errors.push(...(answer.response?.errors ?? []));
    }
    return errors.length ? { data, errors } : { data };
  }
}

/** The printed operation for one shape of node request, printed once per parsed fetch. */
function printedSubOperation(parsed: ParsedFetch, shapeKey: string, fields: () => FieldNode[]): string {
  let query = parsed.printed.get(shapeKey);
  if (query === undefined) parsed.printed.set(shapeKey, (query = buildSubOperation(parsed, fields())));
  return query;
}

/** A Country entity whose node is unavailable: every list it contributes is empty. */
function emptyCountry(field: FieldNode, fragments: ParsedFetch['fragments']): Json {
  const out: Json = {};
  for (const sub of flattenFields(field.selectionSet, fragments)) {
    const key = responseKey(sub);
    if (sub.name.value === '__typename') out[key] = 'Country';
    else if (sub.selectionSet) out[key] = emptyConnection(sub, fragments);
    else out[key] = null;
  }
  return out;
}

/** After a merge, a node-local item index no longer points at the same item; keep the error at the field. */
function stripItemPath(error: GraphQLFormattedError): GraphQLFormattedError {
  return error.path && error.path.length > 1 ? { ...error, path: error.path.slice(0, 1) } : error;
}

import type { FieldNode } from 'graphql';
import { Kind } from 'graphql';
import {
  buildSubOperation,
  flattenFields,
  HIDDEN_EDGES,
  HIDDEN_PAGE_INFO,
  hiddenAlias,
  variableDefinition,
  withPageFields,
  withVariableArgument,
} from '../operation.js';
import { asArray, asObject, type Json } from '../primitives/json.js';
import { topUps, type ShardPage, type TopUp } from '../primitives/page-top-up.js';
import { scatter } from '../primitives/scatter.js';
import { RELAY } from '../sharding/relay.js';
import { untrusted, type NodeAnswer } from '../transport/transport.js';
import type { ExecutionContext } from './execution-context.js';
import type { PageFetchPolicy } from './page-policy.js';
import type { FieldPlan, QueryPlan } from './plan.js';

type PagePlan = Extract<FieldPlan, { kind: 'Page' }>;
interface Wanted {
  plan: PagePlan;
  index: number;
  up: TopUp;
}

/**
 * The second round of a top-k page fetch: the nodes that may still hold rows of a page (see
 * primitives/page-top-up.ts) are asked, in parallel and one request per node, for that many
 * more rows after their own last cursor; their rows are appended to their first answer, so the
 * merge sees one longer page per node. Returns `answers` itself when no node needs asking. A
 * node that fails now counts as unavailable for the whole fetch: its page would miss rows.
 */
export async function topUpPages(
  plan: QueryPlan,
  answers: Map<string, NodeAnswer>,
  ctx: ExecutionContext,
  policy?: PageFetchPolicy,
): Promise<Map<string, NodeAnswer>> {
  const wanted = new Map<string, Wanted[]>();
  plan.fields.forEach((field, index) => {
    if (field.kind !== 'Page' || field.share >= field.first) return;
    const shards: ShardPage[] = [];
    for (const country of field.countries) {
      const value = answers.get(country)?.response?.data?.[field.key];
      // Failed or rejected: the merge reports it; there is nothing to top up.
      if (!value || typeof value !== 'object') continue;
      const page = value as Json;
      shards.push({
        country,
        cursors: asArray(page[HIDDEN_EDGES]).map((e) => String(asObject(e)[RELAY.cursor])),
        hasNextPage: Boolean(asObject(page[HIDDEN_PAGE_INFO])[RELAY.hasNextPage]),
      });
    }
    const ups = topUps(field.direction, field.first, shards);
    policy?.record(field.pageShape, ups.length > 0);
    for (const up of ups) wanted.set(up.country, [...(wanted.get(up.country) ?? []), { plan: field, index, up }]);
  });
  if (!wanted.size) return answers;

  const requests = new Map<string, { query: string; variables: Record<string, unknown> }>();
  for (const [country, items] of wanted) {
    const shape = `top-up|${items.map((w) => `${w.index}${w.up.after === null ? 'c' : ''}`).join('|')}`;
    let query = ctx.parsed.printed.get(shape);
    if (query === undefined) {
      const fields = items.map((w) => topUpField(w, ctx));
      const definitions = items.flatMap((w) => [
        variableDefinition(firstVariable(w.index), `${w.plan.rule.argumentTypes.first}!`),
        ...(w.up.after === null ? [] : [variableDefinition(afterVariable(w.index), `${w.plan.rule.argumentTypes.after}!`)]),
      ]);
      ctx.parsed.printed.set(shape, (query = buildSubOperation(ctx.parsed, fields, definitions)));
    }
    const variables: Record<string, unknown> = { ...ctx.variables };
    for (const w of items) {
      variables[firstVariable(w.index)] = w.up.first;
      if (w.up.after !== null) variables[afterVariable(w.index)] = w.up.after;
    }
    requests.set(country, { query, variables });
  }
  const more = await scatter(ctx.transport, requests, ctx.request);

  const out = new Map(answers);
  for (const [country, items] of wanted) {
    const before = answers.get(country)!.response!;
    const answer = more.get(country)!;
    if (answer.failure) {
      out.set(country, answer);
      continue;
    }
    const data: Json = { ...before.data };
    let complete = true;
    for (const w of items) {
      const extra = answer.response.data?.[w.plan.key];
      if (!extra || typeof extra !== 'object') complete = false;
      else data[w.plan.key] = appendPage(asObject(data[w.plan.key]), extra as Json);
    }
    const errors = [...(before.errors ?? []), ...(answer.response.errors ?? [])];
    // Errors explain a missing page (they are reported at the field); without any, the node broke the protocol.
    if (!complete && !answer.response.errors?.length) out.set(country, untrusted(country, 'it answered a top-up without the page'));
    else out.set(country, { country, response: { ...before, data, ...(errors.length ? { errors } : {}) } });
  }
  return out;
}

const firstVariable = (index: number) => hiddenAlias(`first${index}`);
const afterVariable = (index: number) => hiddenAlias(`after${index}`);

/** The page field asking for `up.first` rows after `up.after`, without the summed fields (the first answer has them). */
function topUpField(w: Wanted, ctx: ExecutionContext): FieldNode {
  const { field, rule } = w.plan;
  const kept = flattenFields(field.selectionSet, ctx.parsed.fragments).filter((f) => !rule.sumFields.has(f.name.value));
  let rewritten: FieldNode = withPageFields({ ...field, selectionSet: { kind: Kind.SELECTION_SET, selections: kept } });
  rewritten = withVariableArgument(rewritten, RELAY.first, firstVariable(w.index));
  if (w.up.after !== null) rewritten = withVariableArgument(rewritten, RELAY.after, afterVariable(w.index));
  return rewritten;
}

/** One node's first page followed by its top-up: lists concatenated, paging from the later answer, sums from the first. */
function appendPage(first: Json, more: Json): Json {
  const out: Json = { ...first };
  for (const [key, value] of Object.entries(more)) {
    if (Array.isArray(value)) out[key] = [...asArray(first[key]), ...value];
    else if (key === HIDDEN_PAGE_INFO) out[key] = value;
  }
  return out;
}

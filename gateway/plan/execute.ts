import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../contract/errors.js';
import { buildSubOperation, hiddenAlias } from '../operation.js';
import { entityErrorPath, reassembleEntities } from '../primitives/entity-split.js';
import { unansweredEntity, unservedEntity } from '../primitives/empty-value.js';
import { mergeKeyedGroups } from '../primitives/group-merge.js';
import { mergeFeeds } from '../primitives/feed-merge.js';
import { tryDecodeWatermark } from '../../contract/watermark.js';
import { sumGroups } from '../primitives/group-sum.js';
import type { Json } from '../primitives/json.js';
import { mergeOrderedPages, type NodePage } from '../primitives/ordered-page-merge.js';
import { scatter } from '../primitives/scatter.js';
import type { NodeAnswer, NodeFailure } from '../transport/transport.js';
import type { ExecutionContext } from './execution-context.js';
import { topUpPages } from './page-top-up-round.js';
import type { FieldPlan, NodePart, QueryPlan } from './plan.js';

/**
 * Runs a query plan: one request per node holding every root field that node must answer (sent
 * in parallel), a second round only for pages whose nodes may hold more of their rows, then each
 * field's answers are merged by its plan's primitive.
 */
export async function executeQuery(plan: QueryPlan, ctx: ExecutionContext): Promise<{ data: Json; errors: GraphQLFormattedError[] }> {
  const answers = await topUpPages(plan, await scatter(ctx.transport, nodeRequests(plan.parts, ctx), ctx.request), ctx, ctx.pages);
  const data: Json = {};
  for (const field of plan.fields) data[field.key] = gather(field, answers, ctx);
  return { data, errors: ctx.errors.list };
}

/** One printed operation per node; printing is cached per fetch shape, so repeated fetches print nothing. */
function nodeRequests(parts: NodePart[], ctx: ExecutionContext): Map<string, { query: string; variables: Record<string, unknown> }> {
  const byCountry = new Map<string, NodePart[]>();
  for (const part of parts) byCountry.set(part.country, [...(byCountry.get(part.country) ?? []), part]);
  const requests = new Map<string, { query: string; variables: Record<string, unknown> }>();
  for (const [country, own] of byCountry) {
    const shape = own.map((p) => p.shape).join('|');
    let query = ctx.parsed.printed.get(shape);
    if (query === undefined)
      ctx.parsed.printed.set(
        shape,
        (query = buildSubOperation(
          ctx.parsed,
          own.map((p) => p.field),
        )),
      );
    requests.set(country, { query, variables: Object.assign({}, ctx.variables, ...own.map((p) => p.variables ?? {})) });
  }
  return requests;
}

/**
 * What one country answered for a response key: its errors about the key are recorded (each
 * error through `relocate`) and its value returned, or its failure; `undefined` when the country
 * was not asked.
 */
function answerOf(
  key: string,
  country: string,
  answers: Map<string, NodeAnswer>,
  ctx: ExecutionContext,
  relocate: (error: GraphQLFormattedError) => GraphQLFormattedError,
): { value: unknown; failure?: undefined } | { failure: NodeFailure } | undefined {
  const answer = answers.get(country);
  if (!answer) return undefined;
  if (answer.failure) return { failure: answer.failure };
  for (const error of answer.response.errors ?? []) if (!error.path || error.path[0] === key) ctx.errors.add(relocate(error));
  return { value: answer.response.data?.[key] };
}

/** After a merge a node-local item index points elsewhere: an error stays at the field. */
const atField = (key: string) => (error: GraphQLFormattedError) => (error.path && error.path.length > 1 ? { ...error, path: [key] } : error);

/**
 * The answers of `countries` for one merged response key, and the node errors about it. Every
 * country that gave no answer is reported at the key (`missingCountries`): the merge of the
 * others is then known to be incomplete. `nothing` when no country gave a value: every one
 * rejected the field (e.g. an invalid argument) or could not answer, so the field is null, as on
 * one node, never an empty list that would claim zero rows.
 */
function answersFor(key: string, countries: readonly string[], answers: Map<string, NodeAnswer>, ctx: ExecutionContext) {
  const values: NodePage[] = [];
  const failures: Array<[string, NodeFailure]> = [];
  let rejected = false;
  for (const country of countries) {
    const answer = answerOf(key, country, answers, ctx, atField(key));
    if (!answer) continue;
    if (answer.failure) failures.push([country, answer.failure]);
    else if (answer.value === null || answer.value === undefined) rejected = true;
    else values.push({ country, value: answer.value as Json });
  }
  if (failures.length) ctx.errors.missing([key], failures);
  return { values, rejected, nothing: values.length === 0 && (rejected || failures.length > 0) };
}

/** The one place each plan kind is turned into its answer (Apollo's executeQueryPlan switch). */
function gather(plan: FieldPlan, answers: Map<string, NodeAnswer>, ctx: ExecutionContext): unknown {
  const { fragments } = ctx.parsed;
  switch (plan.kind) {
    case 'Typename':
      return plan.value;
    case 'Page': {
      const { values, nothing } = answersFor(plan.key, plan.countries, answers, ctx);
      if (nothing) return null;
      return mergeOrderedPages(
        plan.field,
        fragments,
        { direction: plan.direction, first: plan.first, sumFields: plan.rule.sumFields, typenames: plan.rule.typenames },
        values,
      );
    }
    case 'Aggregate': {
      const { values, nothing } = answersFor(plan.key, plan.countries, answers, ctx);
      if (nothing) return null;
      return sumGroups(
        plan.field,
        fragments,
        { keyAliases: plan.keyAliases, sumFields: plan.rule.sumFields },
        values.map((v) => v.value as unknown as unknown[]),
      );
    }
    case 'GroupMerge': {
      const { values, nothing } = answersFor(plan.key, plan.countries, answers, ctx);
      if (nothing) return null;
      const { rule } = plan;
      return mergeKeyedGroups(
        plan.field,
        fragments,
        {
          keyField: rule.keyField,
          keyAlias: hiddenAlias(rule.keyField),
          countriesField: rule.countriesField,
          countriesAlias: hiddenAlias(rule.countriesField),
          listFields: rule.listFields,
          threshold: plan.threshold,
        },
        values,
      );
    }
    case 'Owned':
    case 'AnyNode': {
      const country = plan.kind === 'Owned' ? plan.owner : plan.country;
      // No node serves that country: nothing has that id.
      const answer = country ? answerOf(plan.key, country, answers, ctx, (e) => e) : undefined;
      if (country && answer?.failure) ctx.errors.missing([plan.key], [[country, answer.failure]]);
      return answer?.failure ? null : (answer?.value ?? null);
    }
    case 'Feed': {
      // A feed is never null for a node that did not answer: it keeps that node's position and
      // lists it as unavailable (its error at the field says so too). Null only when every node
      // that answered rejected the field (a bad argument), as on one node.
      const { values, rejected } = answersFor(plan.key, plan.countries, answers, ctx);
      if (values.length === 0 && rejected) return null;
      const { rule } = plan;
      const merged = mergeFeeds(
        plan.field,
        fragments,
        {
          first: plan.first,
          fields: { items: rule.itemsField, watermark: rule.watermarkField, more: rule.moreField, unavailable: rule.unavailableField },
          typename: rule.typename,
          asked: plan.countries,
        },
        (plan.since ? tryDecodeWatermark(plan.since) : null) ?? new Map(),
        values,
      );
      if (merged.invalid.length)
        ctx.errors.missing(
          [plan.key],
          merged.invalid.map((country) => [
            country,
            { reason: 'its answer is not a feed with positions', sent: true, kind: 'bad-answer', code: ErrorCode.COUNTRY_BAD_RESPONSE },
          ]),
        );
      return merged.value;
    }
    case 'Entities': {
      const answered = new Map<string, unknown[]>();
      const failed = new Map<string, NodeFailure>();
      for (const country of plan.split.byCountry.keys()) {
        const answer = answerOf(plan.key, country, answers, ctx, (e) => entityErrorPath(plan.split, country, e));
        if (answer?.failure) failed.set(country, answer.failure);
        else if (answer) answered.set(country, (answer.value as unknown[] | null | undefined) ?? []);
      }
      return reassembleEntities(plan.split, answered, (position) => {
        const representation = plan.representations[position] ?? {};
        const owner = plan.split.owners[position];
        const failure = owner ? failed.get(owner) : undefined;
        if (!owner || !failure) return unservedEntity(plan.field, fragments, ctx.spec, representation);
        const { value, nulled } = unansweredEntity(plan.field, fragments, ctx.spec, representation);
        const paths = value ? nulled.map((alias) => [plan.key, position, alias]) : [[plan.key, position]];
        for (const path of paths) ctx.errors.missing(path, [[owner, failure]]);
        return value;
      });
    }
  }
}

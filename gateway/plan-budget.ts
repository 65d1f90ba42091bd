import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { queryTooComplex } from '../contract/errors.js';

/** The parts of a query plan node that hold other nodes (@apollo/query-planner's PlanNode). */
interface PlanNodeShape {
  kind: string;
  nodes?: PlanNodeShape[];
  node?: PlanNodeShape;
  primary?: { node?: PlanNodeShape } | PlanNodeShape;
  deferred?: Array<{ node?: PlanNodeShape }>;
  rest?: PlanNodeShape;
  ifClause?: PlanNodeShape;
  elseClause?: PlanNodeShape;
}

/** Subgraph fetches in a query plan (each country fetch is then sent to every node it concerns). */
export function countFetches(root: PlanNodeShape | undefined): number {
  let count = 0;
  const stack: Array<PlanNodeShape | undefined> = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node) continue;
    if (node.kind === 'Fetch') count += 1;
    stack.push(...(node.nodes ?? []), node.node, node.rest, node.ifClause, node.elseClause);
    if (node.primary) stack.push('kind' in node.primary ? (node.primary as PlanNodeShape) : node.primary.node);
    for (const deferred of node.deferred ?? []) stack.push(deferred.node);
  }
  return count;
}

/**
 * Refuses a plan with more subgraph fetches than `maxFetches`, before anything is sent. The
 * static check cannot see subgraph boundaries, and every aliased field that crosses one is a
 * fetch of its own (a few hundred bytes of aliases under `countries` made 30 fetches, each to
 * every node). Throwing here is answered by Apollo Server with the error's 400.
 */
export function planBudget(maxFetches: number): Experimental_DidResolveQueryPlanCallback {
  return ({ queryPlan }) => {
    const fetches = countFetches(queryPlan.node as PlanNodeShape | undefined);
    if (fetches > maxFetches) throw queryTooComplex('maxPlanFetches', 'subgraph fetches in the query plan', fetches, maxFetches);
  };
}

import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, visit, type DocumentNode } from 'graphql';
import { badRequest } from '../contract/errors.js';
import { HIDDEN_PREFIX } from './operation.js';

/**
 * Why a client document uses a name the gateway keeps for itself, or null. The gateway adds
 * fields and variables of its own to what it sends the nodes (`shard__edges`, the hidden keys of
 * an aggregate, `$shard__first0` of a top-up), all under one prefix; a client alias or variable
 * with that prefix would collide with them and break the merge (valid queries failed, some with
 * INTERNAL_SERVER_ERROR). Any GraphQL name a gateway prints a client could write too, so the
 * prefix is refused in client documents instead.
 */
export function reservedNameIn(document: DocumentNode): string | null {
  let problem: string | null = null;
  const reserved = (kind: string, name: string) => {
    problem = `The ${kind} "${name}" starts with "${HIDDEN_PREFIX}", which the gateway reserves for names of its own; choose another ${kind}`;
    return BREAK;
  };
  visit(document, {
    Field: (node) => (node.alias?.value.startsWith(HIDDEN_PREFIX) ? reserved('alias', node.alias.value) : undefined),
    VariableDefinition: (node) => (node.variable.name.value.startsWith(HIDDEN_PREFIX) ? reserved('variable name', `$${node.variable.name.value}`) : undefined),
  });
  return problem;
}

/** Refuses such documents with 400 GRAPHQL_VALIDATION_FAILED before anything is planned; each document is looked at once. */
export function reservedNamesPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  const verdicts = new WeakMap<DocumentNode, string | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document }) {
          let problem = verdicts.get(document);
          if (problem === undefined) verdicts.set(document, (problem = reservedNameIn(document)));
          if (problem) throw badRequest(problem, 'GRAPHQL_VALIDATION_FAILED');
        },
      };
    },
  };
}

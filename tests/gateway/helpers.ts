import { parse, type FieldNode, type FragmentDefinitionNode } from 'graphql';
import { parseFetch, type ParsedFetch } from '../../gateway/operation.js';
import type { NodeAnswer, NodeRequest, Transport } from '../../gateway/transport/transport.js';

/** The first root field of `query` and the document's fragments, as the primitives receive them. */
export function rootField(query: string): { field: FieldNode; fragments: Map<string, FragmentDefinitionNode>; parsed: ParsedFetch } {
  const parsed = parseFetch(query);
  return { field: parsed.rootFields[0], fragments: parsed.fragments, parsed };
}

export function fieldOf(query: string): FieldNode {
  const op = parse(query).definitions[0];
  if (op.kind !== 'OperationDefinition') throw new Error('not an operation');
  return op.selectionSet.selections[0] as FieldNode;
}

/**
 * An in-memory transport: each country answers with `answer(request)`, or fails when it returns
 * an Error (unreachable, `sent` false) or 'timeout' (sent, no answer). Every request is recorded.
 */
export function fakeTransport(nodes: Record<string, (request: NodeRequest) => NodeAnswer['response'] | Error | 'timeout'>) {
  const sent: Array<{ country: string; request: NodeRequest }> = [];
  const transport: Transport = {
    async send(country, request) {
      sent.push({ country, request });
      const node = nodes[country];
      if (!node) return { country, failure: { reason: 'not configured', sent: false, kind: 'refused' } };
      const result = node(request);
      if (result === 'timeout') return { country, failure: { reason: 'no answer within 10 ms', sent: true, kind: 'timeout' } };
      if (result instanceof Error) return { country, failure: { reason: result.message, sent: false, kind: 'unreachable' } };
      return { country, response: result! };
    },
  };
  return { transport, sent };
}

import type { NodeAnswer, NodeRequest, Transport } from '../transport/transport.js';

/**
 * Sends each node its own request, all at once, and waits for every answer or failure (the
 * transport bounds each by the deadline). The result holds one answer per country asked.
 */
export async function scatter(
  transport: Transport,
  requests: Map<string, { query: string; variables: Record<string, unknown> }>,
  common: Pick<NodeRequest, 'deadline' | 'headers' | 'maxStaleMs'>,
): Promise<Map<string, NodeAnswer>> {
  const answers = await Promise.all(
    [...requests].map(([country, { query, variables }]) => transport.send(country, { query, variables, operation: 'query', ...common })),
  );
  return new Map(answers.map((a) => [a.country, a]));
}

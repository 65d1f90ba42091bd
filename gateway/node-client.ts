import type { GraphQLFormattedError } from 'graphql';

export interface NodeResponse {
  data?: Record<string, any> | null;
  errors?: GraphQLFormattedError[];
}

/** Why a node gave no usable answer. */
export class NodeUnavailableError extends Error {}

export interface PostOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
}

/**
 * POSTs one GraphQL request to a node. A node that cannot be reached, times out, or answers
 * something other than a GraphQL response is "unavailable"; GraphQL errors it returns (bad
 * input, forbidden, …) are its answer and pass through.
 */
export async function postToNode(url: string, query: string, variables: Record<string, unknown> | undefined, options: PostOptions): Promise<NodeResponse> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options.headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new NodeUnavailableError(`no answer within ${options.timeoutMs} ms`);
    throw new NodeUnavailableError(`unreachable (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message})`);
  }
  let body: NodeResponse;
  try {
    body = (await res.json()) as NodeResponse;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new NodeUnavailableError(`no answer within ${options.timeoutMs} ms`);
    throw new NodeUnavailableError(`answered HTTP ${res.status} without a GraphQL body`);
  }
  if (!body || typeof body !== 'object' || (!('data' in body) && !('errors' in body))) {
    throw new NodeUnavailableError(`answered HTTP ${res.status} without a GraphQL body`);
  }
  if (res.status >= 500 && !body.data) throw new NodeUnavailableError(`answered HTTP ${res.status}`);
  return body;
}

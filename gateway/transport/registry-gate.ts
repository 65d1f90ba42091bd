import { failed, type TransportPlugin } from './transport.js';

/** What the transport needs from the node registry: who may be asked, and what happened. */
export interface NodeHealthBook {
  unusableReason(country: string): string | null;
  reportSuccess(country: string): void;
  reportFailure(country: string, reason: string): void;
}

/**
 * Nodes left out of the federation (unknown country, different schema) are not asked; every
 * outcome is reported, so `/health` shows a node down as soon as a request to it fails.
 */
export function registryGate(book: NodeHealthBook): TransportPlugin {
  return (next) => ({
    async send(country, request) {
      const reason = book.unusableReason(country);
      if (reason) return failed(country, reason, false, 'refused');
      const answer = await next.send(country, request);
      if (answer.failure) book.reportFailure(country, answer.failure.reason);
      else book.reportSuccess(country);
      return answer;
    },
  });
}

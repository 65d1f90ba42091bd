import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { injectTraceContext, tracer } from '../../platform/observability/tracing.js';
import type { TransportPlugin } from './transport.js';

/**
 * One CLIENT span per sub-request to a country node, and the W3C `traceparent` of that span in
 * the node request, so the node's own spans join the client's trace under it. Only installed
 * while tracing is on (see gateway/server.ts).
 */
export const transportTracing: TransportPlugin = (next) => ({
  send(country, request) {
    return tracer().startActiveSpan(
      `country node ${country}`,
      { kind: SpanKind.CLIENT, attributes: { 'ilo.country': country, 'graphql.operation.type': request.operation } },
      async (span) => {
        try {
          const headers = { ...request.headers };
          injectTraceContext(headers);
          const answer = await next.send(country, { ...request, headers });
          if (answer.failure) span.setStatus({ code: SpanStatusCode.ERROR, message: answer.failure.reason });
          else if (answer.response.errors?.length) span.setAttribute('ilo.graphql.errors', answer.response.errors.length);
          return answer;
        } finally {
          span.end();
        }
      },
    );
  },
});

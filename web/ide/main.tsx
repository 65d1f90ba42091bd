/** @jsxImportSource react */
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import type { ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import './ide.css';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/**
 * A JSON POST to this gateway with the header editor's headers. Written here rather than
 * @graphiql/toolkit's createGraphiQLFetcher, which also pulls in websocket and multipart
 * support (graphql-ws, meros) for subscriptions and @defer the gateway does not serve.
 */
const fetcher: Fetcher = async (params, options) => {
  const response = await fetch(new URL('graphql', document.baseURI), {
    method: 'POST',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      'content-type': 'application/json',
      ...(options?.headers ?? {}),
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
};

// A write needs a token (and should carry a fresh Idempotency-Key): its tab opens with both headers to fill in.
const tabs = __IDE_EXAMPLES__.map((example) => ({
  query: example.text,
  headers: example.mutation
    ? JSON.stringify({ authorization: 'Bearer PASTE-AN-EDITOR-TOKEN', 'idempotency-key': 'pick-a-new-key-per-write' }, null, 2)
    : undefined,
}));

function Ide() {
  return (
    <GraphiQL fetcher={fetcher} defaultTabs={tabs} defaultEditorToolsVisibility="headers" isHeadersEditorEnabled shouldPersistHeaders={false}>
      <GraphiQL.Logo>
        <span className="ilo-logo">
          ILO federation <a href="./">overview</a> · <a href="./editor">editor</a>
        </span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

createRoot(document.getElementById('ide')!).render(<Ide />);

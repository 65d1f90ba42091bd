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

const WRITE_EXAMPLE = `# Writing needs an editor token for the country (npm run token -- --role editor --country KG,
# or the editor page's "development token" button). Paste it in the Headers tab below.
# Idempotency-Key makes a retry of the same write safe: the node answers it once.
mutation CreateEvent {
  createEvent(input: {country: KG, title: {lang: "en", text: "Tripartite meeting"}, type: MEETING, startDate: "2026-11-20"}) {
    id
    version
    title { text original }
  }
}
`;

/** "All events in 2017 across countries, by type" → "AllEventsIn2017AcrossCountries": GraphiQL names tabs by operation. */
function operationName(title: string): string {
  let name = '';
  for (const word of title
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)) {
    if (name.length + word.length > 30) break;
    name += word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  }
  return /^[A-Za-z]/.test(name) ? name : `Example${name}`;
}

const named = (title: string, query: string) => (query.startsWith('{') ? `query ${operationName(title)} ${query}` : query);

const tabs = [
  ...__README_EXAMPLES__.map((example) => ({ query: `# ${example.title}\n${named(example.title, example.query)}\n` })),
  {
    query: WRITE_EXAMPLE,
    headers: JSON.stringify({ authorization: 'Bearer PASTE-AN-EDITOR-TOKEN', 'idempotency-key': 'pick-a-new-key-per-write' }, null, 2),
  },
];

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

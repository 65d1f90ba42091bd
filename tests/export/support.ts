import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CountingProxy } from '../support/proxy.js';

/** The GraphQL selection whose answer is an export row once `edgeAsLine` has flattened it. */
export const EVENT_EDGE = `cursor node { id country { code }
  title { original originalLang translations { lang text origin } }
  summary { original originalLang translations { lang text origin } }
  type startDate endDate datePrecision city venue online programme { id } participantCount presentationCount themes
  outcomes { original originalLang translations { lang text origin } }
  sources { document excerpt note } updatedAt version }`;

/** A GraphQL edge written as the export writes a row (contract/export/protocol.ts), field by field. */
export function edgeAsLine(edge: { cursor: string; node: any }): string {
  const { country, programme, ...rest } = edge.node;
  const n = rest;
  const node = {
    id: n.id,
    country: country.code,
    title: n.title,
    summary: n.summary,
    type: n.type,
    startDate: n.startDate,
    endDate: n.endDate,
    datePrecision: n.datePrecision,
    city: n.city,
    venue: n.venue,
    online: n.online,
    programmeId: programme?.id ?? null,
    participantCount: n.participantCount,
    presentationCount: n.presentationCount,
    themes: n.themes,
    outcomes: n.outcomes,
    sources: n.sources,
    updatedAt: n.updatedAt,
    version: n.version,
  };
  return `${JSON.stringify({ cursor: edge.cursor, node })}\n`;
}

/** Every page of `events` with these arguments through the gateway, as export lines. */
export async function pageThroughGraphQL(
  query: (q: string, v: Record<string, unknown>) => Promise<{ data?: any; errors?: any[] }>,
  args: { filter?: unknown; orderBy?: string },
): Promise<string[]> {
  const lines: string[] = [];
  let after: string | null = null;
  for (;;) {
    const answer = await query(
      `query($filter: EventFilter, $orderBy: EventOrder, $after: String) { events(filter: $filter, orderBy: $orderBy, first: 200, after: $after) { edges { ${EVENT_EDGE} } pageInfo { hasNextPage endCursor } } }`,
      { filter: args.filter ?? null, orderBy: args.orderBy ?? 'START_DATE_DESC', after },
    );
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    for (const edge of answer.data.events.edges) lines.push(edgeAsLine(edge));
    if (!answer.data.events.pageInfo.hasNextPage) return lines;
    after = answer.data.events.pageInfo.endCursor;
  }
}

/** The lines of an export URL read to its end (complete body). */
export async function readExport(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url, { headers });
  // Buffer keeps a byte-order mark that res.text() would drop.
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()).toString('utf8'), headers: res.headers };
}

/** A plain HTTP hop in front of a node (counting nothing) whose exports the test can cut. */
export interface CuttableFront extends CountingProxy {
  /** Exports are cut (the connection dropped) after this many bytes of the node's answer; null passes all. */
  cutExportsAfter: number | null;
  /** Exports go silent (the connection kept open, nothing more passed) after this many bytes; null passes all. */
  stallExportsAfter: number | null;
}

/** A cuttable front before each node (startFederation's `front`), and each country's, to cut it. */
export function cuttableFronts(): { fronts: Map<string, CuttableFront>; front: (url: string, country: string) => Promise<CuttableFront> } {
  const fronts = new Map<string, CuttableFront>();
  return {
    fronts,
    front: async (url, country) => {
      const front = await startCuttableFront(url);
      fronts.set(country, front);
      return front;
    },
  };
}

export async function startCuttableFront(nodeUrl: string): Promise<CuttableFront> {
  const target = new URL(nodeUrl);
  const server = http.createServer((req, res) => {
    const isExport = req.url?.startsWith('/export/');
    let silent = false;
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        const stall = isExport ? front.stallExportsAfter : null;
        const limit = isExport ? (front.cutExportsAfter ?? stall) : null;
        if (limit === null) return void up.pipe(res);
        let sent = 0;
        up.on('data', (chunk: Buffer) => {
          if (sent + chunk.length >= limit) {
            // Silent: the node is let go, its connection to the gateway stays open and says nothing more.
            if (front.cutExportsAfter === null) {
              res.write(chunk.subarray(0, limit - sent));
              silent = true;
              up.destroy();
            } else {
              // The bytes before the cut go out first (a node's whole answer may be one write).
              up.destroy();
              res.write(chunk.subarray(0, limit - sent), () => res.destroy());
            }
            return;
          }
          sent += chunk.length;
          if (!res.write(chunk)) {
            up.pause();
            res.once('drain', () => up.resume());
          }
        });
        up.on('end', () => !silent && res.end());
      },
    );
    upstream.on('error', () => !silent && res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const front: CuttableFront = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests: 0,
    bodies: [],
    mode: 'pass',
    reset: () => {},
    cutExportsAfter: null,
    stallExportsAfter: null,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return front;
}

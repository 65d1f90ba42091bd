import { mintToken } from '../platform/auth.js';
import { EDIT_SPECS } from '../web/editor/kinds.js';
import { LIST_PAGE_SIZE, listRequest } from '../web/editor/list-request.js';
import { MEASURE_SECRET, post, startInProcessFederation } from './in-process-federation.js';

/**
 * `npm run build && node dist/scripts/long-title-timing.js [titles] [megabytes]` (issue 19,
 * problem 8): a production-mode federation (see in-process-federation.ts); an editor of KG
 * creates `titles` events whose titles are `megabytes` MB long, through the gateway. Prints how
 * many were stored, what the others got, and what the first page of the editor's event list (the
 * editor's own request, imported from web/editor/list-request.ts) then costs: answer size and time.
 */
const titles = Number(process.argv[2] ?? 13);
const megabytes = Number(process.argv[3] ?? 1.9);

const EVENTS = EDIT_SPECS.events;

/** The first page of the editor's event list, as the editor asks for it (web/editor/list-request.ts). */
async function list(url: string, editor: Record<string, string>): Promise<{ bytes: number; ms: number; count: string }> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...editor },
    body: JSON.stringify(listRequest(EVENTS, 'KG', { q: '', filters: {}, order: '' }, 'en', null)),
  });
  const text = await res.text();
  const body = JSON.parse(text);
  const errors = (body.errors ?? []).map((e: { message: string; extensions?: { code?: string } }) => `${e.extensions?.code}: ${e.message.slice(0, 160)}`);
  const page = body.data?.[EVENTS.list];
  const count = page ? `${page.totalCount} events` : `no list (HTTP ${res.status}; ${errors.join('; ')})`;
  return { bytes: text.length, ms: Math.round(performance.now() - started), count };
}

async function main() {
  const fed = await startInProcessFederation(['KG']);
  try {
    const url = fed.gateway.url;
    const editor = { authorization: `Bearer ${await mintToken({ secret: MEASURE_SECRET, sub: 'long-title-timing', role: 'editor', country: 'KG' })}` };
    const before = await list(url, editor);
    const text = 'x'.repeat(Math.round(megabytes * 1024 * 1024));
    const outcomes = new Map<string, number>();
    let firstError = '';
    for (let i = 0; i < titles; i++) {
      const res = await post(
        url,
        'mutation($input: EventInput!) { createEvent(input: $input) { id } }',
        { input: { country: 'KG', type: 'SEMINAR', title: { lang: 'en', text: `${i} ${text}` } } },
        editor,
      );
      const key = res.errors?.length ? String(res.errors[0].extensions?.code) : 'stored';
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      firstError ||= res.errors?.[0]?.message.slice(0, 200) ?? '';
    }
    const after = await list(url, editor);
    console.log(`${titles} events with ${megabytes} MB titles: ${[...outcomes].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    if (firstError) console.log(`first error: ${firstError}`);
    console.log(
      `editor list (KG, first page of ${LIST_PAGE_SIZE}): before ${before.count}, ${(before.bytes / 1024).toFixed(0)} KiB in ${before.ms} ms; after ${after.count}, ${(after.bytes / 1024).toFixed(0)} KiB in ${after.ms} ms`,
    );
  } finally {
    await fed.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

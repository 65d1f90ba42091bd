import { mintToken } from '../platform/auth.js';
import { MEASURE_SECRET, post, startInProcessFederation } from './in-process-federation.js';

/**
 * `npm run build && node dist/scripts/long-title-timing.js [titles] [megabytes]` (issue 19,
 * problem 8): a production-mode federation (see in-process-federation.ts); an editor of KG
 * creates `titles` events whose titles are `megabytes` MB long, through the gateway. Prints how
 * many were stored, what the others got, and what the editor's event list (its own query) then
 * costs: answer size and time.
 */
const titles = Number(process.argv[2] ?? 13);
const megabytes = Number(process.argv[3] ?? 1.9);

// The query web/editor/api.ts sends to list an office's events.
const EDITOR_LIST = `query EditorEvents($country: CountryCode!) {
  events(filter: { countries: [$country] }, orderBy: UPDATED_AT_DESC, first: 200) { totalCount nodes { id version type startDate endDate datePrecision city venue online participantCount updatedAt
    title { original originalLang en: text(lang: "en") translations { lang text origin } } } }
}`;

async function list(url: string): Promise<{ bytes: number; ms: number; count: string }> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: EDITOR_LIST, variables: { country: 'KG' } }),
  });
  const text = await res.text();
  const body = JSON.parse(text);
  const errors = (body.errors ?? []).map((e: { message: string; extensions?: { code?: string } }) => `${e.extensions?.code}: ${e.message.slice(0, 160)}`);
  const count = body.data?.events ? `${body.data.events.totalCount} events` : `no list (HTTP ${res.status}; ${errors.join('; ')})`;
  return { bytes: text.length, ms: Math.round(performance.now() - started), count };
}

async function main() {
  const fed = await startInProcessFederation(['KG']);
  try {
    const url = fed.gateway.url;
    const editor = { authorization: `Bearer ${await mintToken({ secret: MEASURE_SECRET, sub: 'long-title-timing', role: 'editor', country: 'KG' })}` };
    const before = await list(url);
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
    const after = await list(url);
    console.log(`${titles} events with ${megabytes} MB titles: ${[...outcomes].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    if (firstError) console.log(`first error: ${firstError}`);
    console.log(
      `editor list (KG, 200 newest): before ${before.count}, ${(before.bytes / 1024).toFixed(0)} KiB in ${before.ms} ms; after ${after.count}, ${(after.bytes / 1024).toFixed(0)} KiB in ${after.ms} ms`,
    );
  } finally {
    await fed.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

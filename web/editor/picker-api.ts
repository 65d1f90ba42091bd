import { graphql } from '../shared/graphql';
import type { RefKind } from './kinds';

/**
 * What a record picker asks the API: a page of the office's own records matching the words
 * typed (the lists' cross-language `text` search), and the names of records already chosen.
 */

export interface Option {
  id: string;
  label: string;
}
export interface OptionPage {
  options: Option[];
  endCursor: string | null;
  hasNextPage: boolean;
}
/** Where a picker searches: the signed-in office, with its token. */
export interface PickerSource {
  country: string;
  token: string;
  lang: string;
}

export const PICKER_PAGE = 20;

const SOURCES: Record<RefKind, { list: string; filter: string; label: string; type: string; order?: string }> = {
  organisations: { list: 'organisations', filter: 'OrganisationFilter', label: 'name', type: 'Organisation' },
  programmes: { list: 'programmes', filter: 'ProgrammeFilter', label: 'title', type: 'Programme', order: 'UPDATED_AT_DESC' },
  events: { list: 'events', filter: 'EventFilter', label: 'title', type: 'Event', order: 'UPDATED_AT_DESC' },
};

type Labelled = { id: string } & Record<string, { text: string } | string | null>;
const labelOf = (kind: RefKind, n: Labelled): string => (n[SOURCES[kind].label] as { text: string } | null)?.text ?? n.id;

/** One page of matches; with no words, the most recently changed first (names for organisations). */
export async function searchOptions(kind: RefKind, source: PickerSource, text: string, after: string | null, signal?: AbortSignal): Promise<OptionPage | null> {
  const s = SOURCES[kind];
  const query = `query EditorPicker($filter: ${s.filter}, $first: Int, $after: String, $lang: String) {
  ${s.list}(filter: $filter, first: $first, after: $after${s.order ? `, orderBy: ${s.order}` : ''}) {
    pageInfo { hasNextPage endCursor } nodes { id ${s.label} { text(lang: $lang) } } } }`;
  const filter: Record<string, unknown> = { countries: [source.country] };
  if (text.trim()) filter.text = text.trim();
  const r = await graphql<Record<string, { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Labelled[] }>>(
    query,
    { filter, first: PICKER_PAGE, after, lang: source.lang },
    { headers: { authorization: `Bearer ${source.token}` }, signal },
  );
  const conn = r.data?.[s.list];
  if (!conn) return null;
  return {
    options: conn.nodes.map((n) => ({ id: n.id, label: labelOf(kind, n) })),
    endCursor: conn.pageInfo.endCursor,
    hasNextPage: conn.pageInfo.hasNextPage,
  };
}

/** Ids named per request: a stored list may hold hundreds (write limit), a query with that many aliases would be large. */
const NAMES_PER_REQUEST = 50;

async function namesBatch(kind: RefKind, ids: string[], source: PickerSource): Promise<Record<string, string>> {
  const s = SOURCES[kind];
  const query = `query EditorPickerNames(${ids.map((_, i) => `$i${i}: ID!`).join(', ')}, $lang: String) {
  ${ids.map((_, i) => `n${i}: node(id: $i${i}) { id ... on ${s.type} { ${s.label} { text(lang: $lang) } } }`).join('\n  ')} }`;
  const variables: Record<string, unknown> = { lang: source.lang };
  ids.forEach((id, i) => (variables[`i${i}`] = id));
  // POST: the ids could make a GET's address longer than servers accept.
  const r = await graphql<Record<string, Labelled | null>>(query, variables, { method: 'POST', headers: { authorization: `Bearer ${source.token}` } });
  const names: Record<string, string> = {};
  for (const n of Object.values(r.data ?? {})) if (n?.[s.label]) names[n.id] = labelOf(kind, n);
  return names;
}

/** The names of chosen records, by id (each through `node`); an id the API no longer knows stays unnamed. */
export async function namesOf(kind: RefKind, ids: string[], source: PickerSource): Promise<Record<string, string>> {
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += NAMES_PER_REQUEST) batches.push(ids.slice(i, i + NAMES_PER_REQUEST));
  return Object.assign({}, ...(await Promise.all(batches.map((b) => namesBatch(kind, b, source)))));
}

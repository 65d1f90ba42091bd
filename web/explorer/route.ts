import { ENUMS, isKind, kindOfId, ORDERS, SPECS, type Kind } from './kinds';

/**
 * The explorer's whole state lives in its address, so a view can be shared and the back button
 * walks through the reader's steps: `explore?view=events&q=…&country=KG,MN&from=2017-01-01`.
 * Query parameters rather than paths (`explore/events/…`) because every page link is relative:
 * the gateway may be published under a path prefix, and one page address serves every view.
 *
 * Anything hand-edited into the address is checked here; a value the API would refuse is left
 * out and named (`problems`), so a bad link still opens a list and says what it ignored.
 */

/** Rows a page may show (`size=`); 50 is the API's own default page. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const PAGE_SIZE = 50;
/** The API's own bound on a text filter is far larger; a longer search is a pasted mistake. */
export const MAX_TEXT = 200;
const MAX_CURSOR = 1000;

export type Route =
  | { view: 'list'; kind: Kind; params: Record<string, string>; sort: string | null; after: string | null; offset: number; size: number }
  | { view: 'record'; kind: Kind; id: string }
  | { view: 'country'; code: string }
  | { view: 'invalid'; problem: string };

/** How record text is shown: in the reader's language (translated where needed) or as written. */
export type TextMode = 'translated' | 'original';

export interface Problem {
  param: string;
  value: string;
}

const isCountry = (v: string) => /^[A-Z]{2}$/.test(v);

export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

export function parseRoute(search: string): Route {
  const q = new URLSearchParams(search);
  const view = q.get('view') ?? 'events';
  if (view === 'record') {
    const id = q.get('id') ?? '';
    const kind = kindOfId(id);
    return kind && id.length <= 300 ? { view: 'record', kind, id } : { view: 'invalid', problem: id };
  }
  if (view === 'country') {
    const code = (q.get('code') ?? '').toUpperCase();
    return isCountry(code) ? { view: 'country', code } : { view: 'invalid', problem: code };
  }
  if (!isKind(view)) return { view: 'invalid', problem: view };
  const params: Record<string, string> = {};
  for (const f of SPECS[view].filters) {
    const value = q.get(f.param);
    if (value !== null && value.trim() !== '') params[f.param] = value.trim();
  }
  const after = q.get('after');
  const offset = Number(q.get('n') ?? 0);
  const size = Number(q.get('size') ?? PAGE_SIZE);
  return {
    view: 'list',
    kind: view,
    params,
    sort: q.get('sort'),
    after: after && after.length <= MAX_CURSOR ? after : null,
    offset: Number.isInteger(offset) && offset >= 0 ? offset : 0,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZE,
  };
}

export function textMode(search: string): TextMode {
  return new URLSearchParams(search).get('text') === 'original' ? 'original' : 'translated';
}

export interface ListQuery {
  filter: Record<string, unknown> | null;
  orderBy: string | null;
  after: string | null;
  problems: Problem[];
}

/** The list's GraphQL variables from its route; values the API would refuse are dropped and named. */
export function listQuery(route: Extract<Route, { view: 'list' }>): ListQuery {
  const spec = SPECS[route.kind];
  const filter: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const f of spec.filters) {
    const raw = route.params[f.param];
    if (raw === undefined) continue;
    const bad = () => problems.push({ param: f.param, value: raw });
    switch (f.type) {
      case 'text':
      case 'id':
        if (raw.length > MAX_TEXT) bad();
        else filter[f.field] = raw;
        break;
      case 'date':
        if (isDate(raw)) filter[f.field] = raw;
        else bad();
        break;
      case 'since':
        if (isDate(raw)) filter[f.field] = `${raw}T00:00:00Z`;
        else bad();
        break;
      case 'countries':
      case 'enum': {
        const values = raw.split(',').map((v) => v.trim().toUpperCase());
        const allowed = (v: string) => (f.type === 'countries' ? isCountry(v) : (ENUMS[f.values] as readonly string[]).includes(v));
        if (values.every(allowed)) filter[f.field] = [...new Set(values)];
        else bad();
        break;
      }
    }
  }
  let orderBy: string | null = null;
  if (route.sort !== null) {
    if (spec.orderType && (ORDERS as readonly string[]).includes(route.sort)) orderBy = route.sort;
    else problems.push({ param: 'sort', value: route.sort });
  }
  return { filter: Object.keys(filter).length ? filter : null, orderBy, after: route.after, problems };
}

/** Parameters kept on every explorer link: the reader's interface language and text mode. */
const STICKY = ['ui', 'text'] as const;

function withSticky(params: URLSearchParams, current: string): string {
  const now = new URLSearchParams(current);
  for (const key of STICKY) {
    const v = now.get(key);
    if (v && !params.has(key)) params.set(key, v);
  }
  return `explore?${params}`;
}

/** A list's address (relative to the gateway's root), keeping the reader's language settings. */
export function listHref(kind: Kind, params: Record<string, string | undefined> = {}, current = ''): string {
  const q = new URLSearchParams({ view: kind });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  return withSticky(q, current);
}

export function recordHref(id: string, current = ''): string {
  return withSticky(new URLSearchParams({ view: 'record', id }), current);
}

export function countryHref(code: string, current = ''): string {
  return withSticky(new URLSearchParams({ view: 'country', code }), current);
}

/** The same list with one parameter changed (or removed), back on its first page. */
export function withParam(search: string, key: string, value: string | null): string {
  const q = new URLSearchParams(search);
  if (value === null || value === '') q.delete(key);
  else q.set(key, value);
  q.delete('after');
  q.delete('n');
  return `explore?${q}`;
}

/** The next page: the cursor of the last row shown and the position of the next first row. */
export function pageHref(search: string, after: string | null, offset: number): string {
  const q = new URLSearchParams(search);
  if (after) q.set('after', after);
  else q.delete('after');
  if (offset > 0) q.set('n', String(offset));
  else q.delete('n');
  return `explore?${q}`;
}

/** Year bounds of a drill-down from a chart: the events overlapping that calendar year. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

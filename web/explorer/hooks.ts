import { useEffect, useState } from 'preact/hooks';
import { graphql, type GraphQLResult, type RequestOptions } from '../shared/graphql';
import { uiLang } from './text';

/** One GraphQL read for a view: the answer (data and errors side by side) and whether it is on its way. */
export function useQuery<T>(
  query: string | null,
  variables: Record<string, unknown>,
  options: Pick<RequestOptions, 'acceptStale'> = {},
): { result: GraphQLResult<T> | null; loading: boolean } {
  const [state, setState] = useState<{ key: string; result: GraphQLResult<T> | null }>({ key: '', result: null });
  const key = query ? JSON.stringify([query, variables]) : '';
  useEffect(() => {
    if (!query) return;
    const controller = new AbortController();
    graphql<T>(query, variables, { ...options, signal: controller.signal }).then((result) => {
      if (!controller.signal.aborted) setState({ key, result });
    });
    return () => controller.abort();
  }, [key]);
  return { result: state.key === key ? state.result : null, loading: Boolean(query) && state.key !== key };
}

export interface CountryName {
  code: string;
  name: { text: string; original: string; originalLang: string } | null;
}

const COUNTRIES = `query ExplorerCountries($lang: String) { countries { code name { text(lang: $lang) original originalLang } } }`;

/** The federation's countries (regional reference data), for filters and names. */
export function useCountries(): { countries: CountryName[]; nameOf: (code: string) => string } {
  const { result } = useQuery<{ countries: CountryName[] }>(COUNTRIES, { lang: uiLang });
  const countries = result?.data?.countries ?? [];
  const nameOf = (code: string) => countries.find((c) => c.code === code)?.name?.text ?? code;
  return { countries, nameOf };
}

export interface NodeHealth {
  country: string;
  status: string;
  breaker: { state: string; since: string } | null;
}

/** One node of `GET health`, checked field by field (it is JSON from the server, not a promise). */
function healthOf(value: unknown): NodeHealth[] {
  const n = value as { country?: unknown; status?: unknown; breaker?: { state?: unknown; since?: unknown } } | null;
  if (typeof n?.country !== 'string') return [];
  const breaker = typeof n.breaker?.since === 'string' ? { state: String(n.breaker.state), since: n.breaker.since } : null;
  return [{ country: n.country, status: String(n.status ?? ''), breaker }];
}

/**
 * The gateway's view of each node (`GET health`), asked again whenever the countries missing from an answer change:
 * how long a circuit has been open says since when the country is unavailable. Null until the answer for the
 * current set of missing countries has come back (or failed), so a banner can say whether it has asked yet.
 */
export function useHealth(missing: string[]): NodeHealth[] | null {
  const [checked, setChecked] = useState<{ key: string; nodes: NodeHealth[] } | null>(null);
  const key = missing.join(',');
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    fetch(new URL('health', document.baseURI), { signal: controller.signal, headers: { accept: 'application/json' } })
      .then((r) => r.json())
      .then((body: { nodes?: unknown }) => {
        const list = Array.isArray(body.nodes) ? body.nodes : [];
        setChecked({ key, nodes: list.flatMap(healthOf) });
      })
      .catch(() => {
        if (!controller.signal.aborted) setChecked({ key, nodes: [] });
      });
    return () => controller.abort();
  }, [key]);
  return checked?.key === key ? checked.nodes : null;
}

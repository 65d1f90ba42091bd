import { useEffect, useRef, useState } from 'preact/hooks';
import type { ExplorerKey } from '../shared/messages/explorer';
import { Banners, Excludes } from './banners';
import { prepareExport, startExport, type ExportProgress } from './export';
import { DataAsOf } from './data-as-of';
import { Filters } from './filters';
import { useQuery, type CountryName } from './hooks';
import { KINDS, type Kind } from './kinds';
import { excludedFrom, withoutStaleParts } from './partial';
import { listDocument } from './queries';
import { listHref, listQuery, pageHref, type Route, type TextMode } from './route';
import { ResultsTable } from './rows';
import { counted, t, uiLang } from './text';

type ListRoute = Extract<Route, { view: 'list' }>;

interface ListData {
  list: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<{ id: string }> } | null;
}

/** Where the previous pages started, carried in history state (an address shared mid-list starts without it). */
interface PageState {
  back?: Array<{ after: string | null; offset: number }>;
}

export function ListPage({
  route,
  search,
  mode,
  countries,
  nameOf,
}: {
  route: ListRoute;
  search: string;
  mode: TextMode;
  countries: CountryName[];
  nameOf: (c: string) => string;
}) {
  const { kind } = route;
  const query = listQuery(route);
  const variables = { filter: query.filter, orderBy: query.orderBy, first: route.size, after: query.after, lang: uiLang };
  // An offline office's last known data is welcome in a list: its banner says as of when, and its rows count.
  const answer = useQuery<ListData>(listDocument(kind), variables, { acceptStale: true });
  // The rows on screen stay while the next answer comes (no jump); another kind's rows do not.
  const kept = useRef<{ kind: Kind; result: NonNullable<typeof answer.result> } | null>(null);
  if (answer.result) kept.current = { kind, result: answer.result };
  const result = answer.result ?? (kept.current?.kind === kind ? kept.current.result : null);
  const loading = answer.loading;
  const list = result?.data?.list ?? null;
  const asked = (query.filter?.countries as string[] | undefined) ?? null;
  const excluded = result ? excludedFrom(withoutStaleParts(result.errors, result.countries), 'list', asked) : [];
  const back = ((window.history.state as PageState | null)?.back ?? []).slice();
  const previous = back.at(-1);
  const kindLabel = t(`kind.${kind}` as ExplorerKey);

  return (
    <>
      <nav class="kinds" aria-label={t('kinds.label')}>
        {KINDS.map((k) => (
          <a key={k} href={listHref(k, { country: route.params.country }, search)} aria-current={k === kind ? 'page' : undefined}>
            {t(`kind.${k}` as ExplorerKey)}
          </a>
        ))}
      </nav>
      <h2 id="view-title" tabIndex={-1}>
        {kindLabel}
      </h2>
      <Filters kind={kind} search={search} params={route.params} sort={route.sort} size={route.size} mode={mode} countries={countries} />
      {query.problems.length > 0 && (
        <div class="notice" role="alert" id="ignored-params">
          {t('ignored', { params: query.problems.map((p) => `${p.param}=${p.value}`).join(', ') })}
        </div>
      )}
      <Banners result={result} figures={[{ label: t('figure.list', { kind: kindLabel }), excluded }]} nameOf={nameOf} />
      <DataAsOf asked={asked} nameOf={nameOf} />
      <div class="results-head" aria-live="polite">
        {loading ? (
          <span class="status">{t('loading')}</span>
        ) : list ? (
          <p id="result-count">
            <strong>{counted(`count.${kind}` as ExplorerKey, list.totalCount)}</strong> <Excludes countries={excluded} nameOf={nameOf} />
            {list.totalCount > 0 && <span class="muted"> {t('rows', { from: route.offset + 1, to: route.offset + list.nodes.length })}</span>}
          </p>
        ) : null}
        {list && list.totalCount > 0 && <ExportButton kind={kind} filter={query.filter} orderBy={query.orderBy} total={list.totalCount} />}
      </div>
      {list && list.nodes.length === 0 && !loading && <p class="muted">{t('empty')}</p>}
      {list && list.nodes.length > 0 && (
        <div aria-busy={loading}>
          <ResultsTable kind={kind} rows={list.nodes} mode={mode} search={search} />
        </div>
      )}
      {list && (route.after || list.pageInfo.hasNextPage) && (
        <nav class="pager" aria-label={t('pager.label')}>
          {route.after && <a href={pageHref(search, null, 0)}>{t('pager.first')}</a>}
          {previous && (
            <a href={pageHref(search, previous.after, previous.offset)} data-state={JSON.stringify({ back: back.slice(0, -1) })} rel="prev">
              {t('pager.previous')}
            </a>
          )}
          {list.pageInfo.hasNextPage && list.pageInfo.endCursor && (
            <a
              href={pageHref(search, list.pageInfo.endCursor, route.offset + list.nodes.length)}
              data-state={JSON.stringify({ back: [...back, { after: route.after, offset: route.offset }] })}
              rel="next"
            >
              {t('pager.next')}
            </a>
          )}
        </nav>
      )}
    </>
  );
}

function ExportButton({ kind, filter, orderBy, total }: { kind: Kind; filter: Record<string, unknown> | null; orderBy: string | null; total: number }) {
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const busy = progress?.state === 'starting' || progress?.state === 'progress';
  // A page size for tests and slow links: ?exportPage=7 exports in pages of 7 rows.
  const pageSize = Number(new URLSearchParams(window.location.search).get('exportPage')) || undefined;
  useEffect(prepareExport, []);
  // The gateway's bulk export does not say its size ahead; the count on screen does.
  const onProgress = (p: ExportProgress) => setProgress({ ...p, total: p.total || total });
  return (
    <div class="export">
      <button type="button" class="secondary" disabled={busy} onClick={() => void startExport({ kind, filter, orderBy, pageSize }, onProgress)}>
        {t('export.button')}
      </button>
      <span id="export-status" class="status" role="status" data-state={progress?.state}>
        {progress && exportText(progress)}
      </span>
    </div>
  );
}

function exportText(p: ExportProgress): string {
  switch (p.state) {
    case 'starting':
      return t('export.starting');
    case 'progress':
      return t('export.progress', { done: (p.done ?? 0).toLocaleString(uiLang), total: (p.total ?? 0).toLocaleString(uiLang) });
    case 'done':
      return p.done === p.total
        ? counted('export.done', p.done ?? 0)
        : t('export.doneChanged', { done: (p.done ?? 0).toLocaleString(uiLang), total: (p.total ?? 0).toLocaleString(uiLang) });
    case 'failed':
      return t('export.failed', { reason: p.message ?? '' });
  }
}

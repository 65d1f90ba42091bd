import { useEffect, useRef, useState } from 'preact/hooks';
import { unavailableCountries } from '../shared/graphql';
import { fetchList, type Row } from './api';
import { LIST_PAGE_SIZE, type ListState } from './list-request';
import { enumValues, type EditSpec } from './kinds';
import { enumLabel, t, uiLang } from './text';

interface Props {
  spec: EditSpec;
  country: string;
  token: string;
  selectedId?: string;
  /** Changes after every write, so the list is read again. */
  refresh: number;
  onSelect(id: string): void;
  onNew(): void;
}

/** The office's records of one type: the API's cross-language search, its filters and orders, and cursor paging ("Show more"). */
export function RecordList({ spec, country, token, selectedId, refresh, onSelect, onNew }: Props) {
  const [state, setState] = useState<ListState>({ q: '', filters: {}, order: spec.orders?.[0] ?? '' });
  const [draft, setDraft] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState('');
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);

  useEffect(() => {
    setState({ q: '', filters: {}, order: spec.orders?.[0] ?? '' });
    setDraft('');
  }, [spec]);

  async function load(after: string | null) {
    const mine = ++generation.current;
    setLoading(true);
    const r = await fetchList(spec, country, state, token, uiLang, after, LIST_PAGE_SIZE);
    // A slower answer to an earlier search must not overwrite a later one.
    if (mine !== generation.current) return;
    setLoading(false);
    const missing = unavailableCountries(r.errors);
    setProblem(
      r.networkError
        ? t('list.failed', { detail: r.networkError })
        : missing.length
          ? t('unavailable.notice', { country })
          : r.errors.length && !r.data
            ? t('list.failed', { detail: r.errors[0].message })
            : '',
    );
    if (!r.data) return;
    setRows((before) => (after ? [...before, ...r.data!.rows] : r.data!.rows));
    setTotal(r.data.totalCount);
    setCursor(r.data.endCursor);
    setMore(r.data.hasNextPage);
  }

  useEffect(() => {
    void load(null);
  }, [spec, state, refresh, country, token]);

  const setFilter = (field: string, value: string) => setState((s) => ({ ...s, filters: { ...s.filters, [field]: value } }));
  const rowDetail = (r: Row) =>
    [r.startDate, r.code, r.acronym, r.email, r.type && enumLabel(spec.kind === 'organisations' ? 'OrganisationType' : 'EventType', String(r.type))]
      .concat(r.status ? [enumLabel('ActivityStatus', String(r.status))] : [])
      .concat(r.role ? [enumLabel('OrganisationRole', String(r.role))] : [])
      .concat(r.organisation ? [String((r.organisation as { name: { text: string } }).name.text)] : [])
      .filter(Boolean)
      .join(' · ');

  return (
    <section class="card list-card" aria-labelledby="list-title">
      <h2 id="list-title">
        {t(`kind.${spec.kind}`)}{' '}
        <span class="muted" id="list-count">
          {total === null ? '' : t('list.count', { count: total, n: total.toLocaleString(uiLang) })}
        </span>
      </h2>
      <button type="button" id="new-record" onClick={onNew}>
        {t(`new.${spec.kind}`)}
      </button>
      <form
        class="list-controls"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setState((s) => ({ ...s, q: draft }));
        }}
      >
        {spec.search && (
          <div class="field">
            <label for="list-q">{t('list.search')}</label>
            <input id="list-q" type="search" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
            <button type="submit">{t('list.searchButton')}</button>
          </div>
        )}
        {spec.filters.map((f) => (
          <div class="field narrow" key={f.field}>
            <label for={`list-${f.field}`}>{t(`filter.${f.field}` as never)}</label>
            {f.type === 'enum' ? (
              <select id={`list-${f.field}`} value={state.filters[f.field] ?? ''} onChange={(e) => setFilter(f.field, e.currentTarget.value)}>
                <option value="">{t('list.any')}</option>
                {enumValues(f.values).map((v) => (
                  <option key={v} value={v}>
                    {enumLabel(f.values, v)}
                  </option>
                ))}
              </select>
            ) : (
              <input id={`list-${f.field}`} type="date" value={state.filters[f.field] ?? ''} onChange={(e) => setFilter(f.field, e.currentTarget.value)} />
            )}
          </div>
        ))}
        {spec.orders && (
          <div class="field narrow">
            <label for="list-order">{t('list.order')}</label>
            <select id="list-order" value={state.order} onChange={(e) => setState((s) => ({ ...s, order: e.currentTarget.value }))}>
              {spec.orders.map((o) => (
                <option key={o} value={o}>
                  {enumLabel(spec.orderType!, o)}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      {problem && (
        <div class="notice" role="alert">
          {problem}
        </div>
      )}
      <ul class="record-list" aria-label={t(`kind.${spec.kind}`)} aria-busy={loading}>
        {rows.map((r) => (
          <li key={r.id} data-id={r.id} aria-current={selectedId === r.id ? 'true' : undefined}>
            <button type="button" class="link" onClick={() => onSelect(r.id)}>
              {r.label || t('list.untitled')}
            </button>{' '}
            <span class="muted">
              {rowDetail(r)} · v{r.version}
            </span>
          </li>
        ))}
      </ul>
      {!loading && total === 0 && <p class="muted">{t('list.empty')}</p>}
      {more && (
        <button type="button" class="secondary" id="list-more" disabled={loading} onClick={() => void load(cursor)}>
          {t('list.more')}
        </button>
      )}
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { ExplorerKey } from '../shared/messages/explorer';
import type { CountryName } from './hooks';
import { ENUMS, ORDERS, SPECS, type FilterSpec, type Kind } from './kinds';
import { navigate } from './nav';
import { MAX_TEXT, PAGE_SIZE, PAGE_SIZES, withParam, type TextMode } from './route';
import { enumLabel, t } from './text';

/**
 * The list's controls. Each change is a new address (pushState), so the back button undoes it;
 * the search text applies when submitted (Enter or the button), not on every key.
 */
export function Filters({
  kind,
  search,
  params,
  sort,
  size,
  mode,
  countries,
}: {
  kind: Kind;
  search: string;
  params: Record<string, string>;
  sort: string | null;
  size: number;
  mode: TextMode;
  countries: CountryName[];
}) {
  const spec = SPECS[kind];
  const set = (key: string, value: string | null) => navigate(withParam(search, key, value));
  const [text, setText] = useState(params.q ?? '');
  useEffect(() => setText(params.q ?? ''), [params.q]);
  const has = (param: string) => spec.filters.some((f) => f.param === param);
  const active = spec.filters.filter((f) => f.param !== 'q' && params[f.param]).length + (sort ? 1 : 0);
  const wide = window.matchMedia('(min-width: 641px)').matches;

  return (
    <form
      class="filters"
      role="search"
      aria-label={t('filters.label')}
      onSubmit={(e) => {
        e.preventDefault();
        set('q', text.trim());
      }}
    >
      {has('q') && (
        <div class="search-row">
          <label for="f-q">{t('filter.q')}</label>
          <input id="f-q" type="search" value={text} maxLength={MAX_TEXT} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit">{t('filter.search')}</button>
        </div>
      )}
      {/* Open on a wide screen; on a phone folded under its summary unless a filter is set, so the rows come first. */}
      <details class="more-filters" open={wide || active > 0}>
        <summary>{active ? t('filters.summaryActive', { count: active }) : t('filters.summary')}</summary>
        <fieldset class="countries">
          <legend>{t('filter.countries')}</legend>
          {countries.map((c) => {
            const chosen = (params.country ?? '').split(',').filter(Boolean);
            const on = chosen.includes(c.code);
            const next = on ? chosen.filter((x) => x !== c.code) : [...chosen, c.code].sort();
            return (
              <label key={c.code}>
                <input type="checkbox" name="country" value={c.code} checked={on} onChange={() => set('country', next.join(','))} /> {c.name?.text ?? c.code}
              </label>
            );
          })}
        </fieldset>
        <div class="filter-grid">
          {spec.filters.map((f) =>
            f.type === 'enum' ? <EnumSelect key={f.param} filter={f} value={params[f.param]} onChange={(v) => set(f.param, v)} /> : null,
          )}
          {spec.filters.map((f) =>
            f.type === 'date' || f.type === 'since' ? (
              <div class="field" key={f.param}>
                <label for={`f-${f.param}`}>{t(`filter.${f.param}` as ExplorerKey)}</label>
                <input id={`f-${f.param}`} type="date" value={params[f.param] ?? ''} onChange={(e) => set(f.param, e.currentTarget.value)} />
              </div>
            ) : null,
          )}
          {spec.orderType && (
            <div class="field">
              <label for="f-sort">{t('filter.sort')}</label>
              <select
                id="f-sort"
                value={sort ?? 'START_DATE_DESC'}
                onChange={(e) => set('sort', e.currentTarget.value === 'START_DATE_DESC' ? null : e.currentTarget.value)}
              >
                {ORDERS.map((o) => (
                  <option key={o} value={o}>
                    {enumLabel('EventOrder', o)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="field">
            <label for="f-size">{t('filter.size')}</label>
            <select id="f-size" value={String(size)} onChange={(e) => set('size', e.currentTarget.value === String(PAGE_SIZE) ? null : e.currentTarget.value)}>
              {PAGE_SIZES.map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="field">
            <legend>{t('filter.textMode')}</legend>
            <label>
              <input type="radio" name="text-mode" checked={mode === 'translated'} onChange={() => set('text', null)} /> {t('textMode.translated')}
            </label>{' '}
            <label>
              <input type="radio" name="text-mode" checked={mode === 'original'} onChange={() => set('text', 'original')} /> {t('textMode.original')}
            </label>
          </fieldset>
        </div>
      </details>
      {spec.filters
        .filter((f) => f.type === 'id' && params[f.param])
        .map((f) => (
          <p class="active-filter" key={f.param}>
            {t(`filter.${f.param}` as ExplorerKey)}: <span class="code">{params[f.param]}</span>{' '}
            <button type="button" class="link" onClick={() => set(f.param, null)}>
              {t('filter.remove')}
            </button>
          </p>
        ))}
    </form>
  );
}

function EnumSelect({
  filter,
  value,
  onChange,
}: {
  filter: Extract<FilterSpec, { type: 'enum' }>;
  value: string | undefined;
  onChange: (v: string | null) => void;
}) {
  const values = ENUMS[filter.values];
  // Several values come only from a shared address; they stay selected as one choice until changed.
  const several = value?.includes(',') ? value : null;
  return (
    <div class="field">
      <label for={`f-${filter.param}`}>{t(`filter.${filter.param}` as ExplorerKey)}</label>
      <select id={`f-${filter.param}`} value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value || null)}>
        <option value="">{t('filter.any')}</option>
        {several && (
          <option value={several}>
            {several
              .split(',')
              .map((v) => enumLabel(filter.values, v))
              .join(', ')}
          </option>
        )}
        {values.map((v) => (
          <option key={v} value={v}>
            {enumLabel(filter.values, v)}
          </option>
        ))}
      </select>
    </div>
  );
}

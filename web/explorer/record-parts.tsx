import type { ComponentChildren } from 'preact';
import type { ExplorerKey } from '../shared/messages/explorer';
import { shown, shownLang, type Text } from './format';
import { recordHref, type TextMode } from './route';
import { enumLabel, t, uiLang } from './text';

/* eslint-disable @typescript-eslint/no-explicit-any -- records are the API's JSON, shaped by queries.ts */

/** A text as the source wrote it, with every translation and where each came from. */
export function LocalizedBlock({ text }: { text: (Text & { translations: Array<{ lang: string; text: string; origin: string }> }) | null | undefined }) {
  if (!text) return <span class="muted">—</span>;
  return (
    <div class="localized">
      <p lang={text.originalLang}>
        {text.original} <span class="tag">{t('text.original', { lang: text.originalLang })}</span>
      </p>
      {text.translations
        .filter((tr) => tr.text !== text.original)
        .map((tr) => (
          <p key={tr.lang + tr.origin} lang={tr.lang}>
            {tr.text} <span class="tag">{t('text.translation', { lang: tr.lang, origin: enumLabel('TextOrigin', tr.origin) })}</span>
          </p>
        ))}
    </div>
  );
}

/** A field of the record: always shown, "not stated" when the sources give no value. */
export function Field({ label, children, id }: { label: ExplorerKey; children: ComponentChildren; id?: string }) {
  const empty = children === null || children === undefined || children === '' || (Array.isArray(children) && children.length === 0);
  return (
    <>
      <dt>{t(label)}</dt>
      <dd data-field={id}>{empty ? <span class="muted">{t('notStated')}</span> : children}</dd>
    </>
  );
}

/** Where each fact comes from: the source document and the verbatim excerpt. */
export function Sources({ sources }: { sources: Array<{ document: string; excerpt: string | null; note: string | null }> }) {
  return (
    <section class="card" aria-labelledby="sources-title">
      <h3 id="sources-title">{t('record.sources', { count: sources.length })}</h3>
      {sources.length === 0 ? (
        <p class="muted">{t('record.noSources')}</p>
      ) : (
        <ol class="sources">
          {sources.map((s, i) => (
            <li key={i}>
              <span class="code">{s.document}</span>
              {s.excerpt && <blockquote class="excerpt">{s.excerpt}</blockquote>}
              {s.note && <p class="muted">{t('record.note', { note: s.note })}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A link to a related record: its country code, then its name or title. */
export function RecordLink({ record, mode, search, text }: { record: any; mode: TextMode; search: string; text?: Text | null }) {
  const label = text ?? record.title ?? record.name;
  const code = record.country?.code ?? String(record.id).slice(0, 2);
  return (
    <a href={recordHref(record.id, search)}>
      <span class="code">{code}</span> <span lang={shownLang(label, mode, uiLang)}>{shown(label, mode) || record.id}</span>
      {record.acronym ? ` (${record.acronym})` : ''}
    </a>
  );
}

/** A titled list of related records, or "none" — the absence is information too. */
export function Related({ title, items, children }: { title: ExplorerKey; items: unknown[]; children: (item: any) => ComponentChildren }) {
  return (
    <section class="related">
      <h3>
        {t(title)} <span class="muted">({items.length})</span>
      </h3>
      {items.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <ul class="plain links">
          {items.map((item, i) => (
            <li key={i}>{children(item)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

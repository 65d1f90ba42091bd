import { useEffect, useState } from 'preact/hooks';
import { fetchDeleted, sendLifecycle, type DeletedRecord, type Revision } from './api';
import { describeError } from './errors';
import type { EditSpec } from './kinds';
import { dateTime, fieldLabel, problemText, t } from './text';

/** "created", "changed", "restored from version 3", "deleted": what a revision did, in words. */
export function revisionKind(r: Revision): string {
  if (r.kind === 'DELETE') return t('history.kind.delete');
  if (r.restoredFrom !== null) return t('history.kind.restore', { from: r.restoredFrom });
  return r.version === 1 ? t('history.kind.create') : t('history.kind.update');
}

/** A field's earlier value in words: a text's original, a list's items, a date or number as it is. */
export function shownValue(json: string | null): string {
  if (json === null) return t('form.none');
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('form.none');
    if (Array.isArray(v)) return v.length ? v.map(show).join('; ') : t('form.none');
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.original === 'string') return o.original;
      if (o.title) return show(o.title);
      if (typeof o.document === 'string') return o.document;
      return JSON.stringify(v);
    }
    return String(v);
  };
  try {
    const text = show(JSON.parse(json));
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  } catch {
    return json;
  }
}

/**
 * A record's revisions, newest first (who, when, what kind, which fields), each earlier one with
 * "restore this version": its content comes back as a new version, with the version check.
 */
export function HistoryPanel({
  spec,
  id,
  version,
  history,
  token,
  onChanged,
}: {
  spec: EditSpec;
  id: string;
  version: number;
  history: Revision[] | null;
  token: string;
  onChanged(message: string): void;
}) {
  const [problem, setProblem] = useState('');
  useEffect(() => setProblem(''), [id, version]);
  async function restore(to: number) {
    const r = await sendLifecycle('restore', spec.noun, { id, expectedVersion: version, version: to }, token);
    const done = r.data?.[`restore${spec.noun}`] as { version: number } | undefined;
    if (done) return onChanged(t('history.restored', { version: to, now: done.version }));
    setProblem(r.errors.length ? problemText(describeError(r.errors[0], [])) : t('error.network'));
  }
  return (
    <section class="card history" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {!history?.length ? (
        <p class="muted">{t('history.empty')}</p>
      ) : (
        <ol class="revisions">
          {history.map((r) => (
            <li key={`${r.version}-${r.kind}`} data-version={r.version}>
              <span>{t('history.entry', { version: r.version, kind: revisionKind(r), by: r.by, at: dateTime(r.at) })}</span>
              {r.kind === 'UPSERT' && r.version > 1 && r.restoredFrom === null && r.changedFields.length > 0 && (
                <span class="muted"> {t('history.fields', { fields: r.changedFields.map(fieldLabel).join(', ') })}</span>
              )}
              {r.previousValues.length > 0 && r.kind === 'UPSERT' && (
                <span class="muted previous">
                  {' '}
                  {t('history.before', { values: r.previousValues.map((p) => `${fieldLabel(p.field)}: ${shownValue(p.value)}`).join(' · ') })}
                </span>
              )}
              {r.kind === 'UPSERT' && r.version < version && (
                <button type="button" class="secondary" onClick={() => void restore(r.version)}>
                  {t('history.restore', { version: r.version })}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The office's records of this type deleted within the retention period, each with "undo delete". */
export function DeletedPanel({
  spec,
  country,
  token,
  refresh,
  onUndone,
}: {
  spec: EditSpec;
  country: string;
  token: string;
  refresh: number;
  onUndone(id: string, message: string): void;
}) {
  const [deleted, setDeleted] = useState<DeletedRecord[]>([]);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    let live = true;
    void fetchDeleted(spec, country, token).then((r) => live && setDeleted(r.deleted));
    return () => {
      live = false;
    };
  }, [spec, country, token, refresh]);
  async function undo(d: DeletedRecord) {
    const r = await sendLifecycle('undelete', spec.noun, { id: d.id, expectedVersion: d.version }, token);
    const done = r.data?.[`undelete${spec.noun}`] as { version: number } | undefined;
    if (done) {
      setProblem('');
      return onUndone(d.id, t('deleted.undone', { id: d.id, version: done.version }));
    }
    setProblem(r.errors.length ? problemText(describeError(r.errors[0], [])) : t('error.network'));
  }
  return (
    <section class="card deleted" aria-labelledby="deleted-title">
      <h2 id="deleted-title">{t('deleted.title')}</h2>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {!deleted.length ? (
        <p class="muted">{t('deleted.none')}</p>
      ) : (
        <ul class="deleted-list">
          {deleted.map((d) => (
            <li key={`${d.id}-${d.version}`} data-id={d.id}>
              {t('deleted.entry', { label: d.label ?? d.id, id: d.id, by: d.deletedBy, at: dateTime(d.deletedAt) })}{' '}
              <button type="button" class="secondary" onClick={() => void undo(d)}>
                {t('deleted.undo')}
                <span class="visually-hidden"> {d.label ?? d.id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

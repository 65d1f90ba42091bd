import { useState } from 'preact/hooks';
import { fetchRecord, sendLifecycle, type Revision } from './api';
import { ConfirmDialog } from './confirm';
import { describeError } from './errors';
import type { RecordData } from './form-state';
import { DeletedPanel, HistoryPanel } from './history';
import type { EditSpec } from './kinds';
import { forgetNames } from './picker';
import { labelOf, RecordForm } from './record-form';
import { RecordList } from './record-list';
import type { Session } from './session';
import { problemText, t } from './text';

type Loaded = RecordData & { history: Revision[] | null };

interface Props {
  spec: EditSpec;
  session: Session;
  languages: string[];
}

/** One record type: its list and recently deleted records, and the chosen record's form and history. */
export function RecordPane({ spec, session, languages }: Props) {
  const country = session.country!;
  const [record, setRecord] = useState<Loaded | undefined>();
  const [refresh, setRefresh] = useState(0);
  const [confirming, setConfirming] = useState<RecordData | null>(null);
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState('');

  /** Opens a record; a notice about the last action stays only when the opening is part of that action. */
  async function open(id: string, keepMessage = false) {
    if (!keepMessage) setMessage('');
    const r = await fetchRecord(spec.kind, id, session.token);
    setProblem(r.record ? '' : r.errors.length ? problemText(describeError(r.errors[0], [])) : t('error.notFound'));
    setRecord(r.record ?? undefined);
  }
  const changed = (text: string) => {
    setMessage(text);
    setRefresh((n) => n + 1);
    forgetNames();
  };

  async function remove(target: RecordData) {
    setConfirming(null);
    const r = await sendLifecycle('delete', spec.noun, { id: target.id, expectedVersion: target.version }, session.token);
    if (r.data?.[`delete${spec.noun}`]) {
      setRecord(undefined);
      setProblem('');
      return changed(t('delete.done', { label: labelOf(spec, target) }));
    }
    setMessage('');
    setProblem(r.errors.length ? problemText(describeError(r.errors[0], [])) : t('error.network'));
  }

  return (
    <div class="editor-grid">
      <div class="side">
        <RecordList
          spec={spec}
          country={country}
          token={session.token}
          selectedId={record?.id}
          refresh={refresh}
          onSelect={(id) => void open(id)}
          onNew={() => {
            setMessage('');
            setRecord(undefined);
          }}
        />
        <DeletedPanel
          spec={spec}
          country={country}
          token={session.token}
          refresh={refresh}
          onUndone={(id, text) => {
            changed(text);
            void open(id, true);
          }}
        />
      </div>
      <div class="main">
        <p class="saved" role="status" id="pane-status">
          {message}
        </p>
        {problem && (
          <p class="error" role="alert" id="pane-error">
            {problem}
          </p>
        )}
        <section class="card">
          <RecordForm
            spec={spec}
            country={country}
            token={session.token}
            record={record}
            languages={languages}
            onSaved={(saved, created) => {
              changed('');
              if (!created) void open(saved.id, true);
            }}
            onReload={(id) => void open(id)}
            onClose={() => setRecord(undefined)}
            onDelete={setConfirming}
          />
        </section>
        {record && (
          <HistoryPanel
            spec={spec}
            id={record.id}
            version={record.version}
            history={record.history}
            token={session.token}
            onChanged={(text) => {
              changed(text);
              void open(record.id, true);
            }}
          />
        )}
      </div>
      <ConfirmDialog
        message={confirming ? t('delete.confirm', { label: labelOf(spec, confirming), id: confirming.id, version: confirming.version }) : null}
        onYes={() => confirming && void remove(confirming)}
        onNo={() => setConfirming(null)}
      />
    </div>
  );
}

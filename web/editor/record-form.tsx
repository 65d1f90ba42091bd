import { useEffect, useRef, useState } from 'preact/hooks';
import { newIdempotencyKey, sendWrite } from './api';
import { describeError, type Problem } from './errors';
import { Field, MultiChoice, SimpleInput, enumOptions, languageName } from './fields';
import { buildWrite, emptyValues, valuesOf, type FormValues, type RecordData } from './form-state';
import { recordSelection, type EditSpec, type FieldSpec } from './kinds';
import { RolesInput, SourcesInput } from './lists';
import { LocalizedInput, LocalizedList } from './localized';
import { RecordPicker } from './picker';
import { fieldLabel, problemText, t, uiLang } from './text';
import { validate } from './validate';

interface Props {
  spec: EditSpec;
  country: string;
  token: string;
  /** The record being edited, or undefined for a new one. */
  record?: RecordData;
  /** Languages for a text's original: the office's own first. */
  languages: string[];
  onSaved(record: RecordData, created: boolean): void;
  onReload(id: string): void;
  onClose(): void;
  onDelete(record: RecordData): void;
}

export const labelOf = (spec: EditSpec, record: RecordData): string => record[spec.label]?.original ?? record.id;

/** One record's form: every field of its input type the editor can change, checked as the node checks. */
export function RecordForm({ spec, country, token, record, languages, onSaved, onReload, onClose, onDelete }: Props) {
  const source = { country, token, lang: uiLang };
  const officeLang = languages[0] ?? 'en';
  const fresh = () => (record ? valuesOf(spec, record, officeLang) : emptyValues(spec, officeLang));
  const [values, setValues] = useState<FormValues>(fresh);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [note, setNote] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const pending = useRef<{ key: string; body: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setValues(fresh());
    setProblems([]);
    pending.current = null;
    // The form opens where the user is: on a phone it is below the list, so it is scrolled to and focused.
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, [record, spec]);

  const set = (name: string) => (value: unknown) => setValues((v) => ({ ...v, [name]: value as FormValues[string] }));
  const names = spec.fields.map((f) => f.name);

  async function submit(e: Event) {
    e.preventDefault();
    // A second click while the first is in flight does nothing: one click, one request.
    if (inFlight.current) return;
    setNote('');
    const checks = validate(spec, values);
    if (checks.length) {
      setProblems([...checks, { field: 'form', key: 'error.fix', params: { count: new Set(checks.map((c) => c.field)).size } }]);
      document.getElementById(`f-${checks[0].field}`)?.focus();
      return;
    }
    const write = buildWrite(spec, values, country, record, officeLang);
    if (!write) {
      setProblems([]);
      return setNote(t('form.noChange'));
    }
    // A retry of the same change (after no answer) reuses its key, so the node answers it instead of writing twice.
    const body = JSON.stringify(write);
    const key = pending.current?.body === body ? pending.current.key : newIdempotencyKey();
    pending.current = { key, body };
    inFlight.current = true;
    setSubmitting(true);
    const result = await sendWrite(write, recordSelection(spec), token, key);
    inFlight.current = false;
    setSubmitting(false);
    if (result.networkError) return setProblems([{ field: 'form', outcomeUnknown: true, key: 'error.network' }]);
    const saved = result.data?.[`${write.kind}${spec.noun}`];
    if (saved && !result.errors.length) {
      pending.current = null;
      setProblems([]);
      onSaved(saved, write.kind === 'create');
      if (write.kind === 'create') setValues(emptyValues(spec, officeLang));
      setNote(write.kind === 'create' ? t('form.created', { id: saved.id }) : t('form.saved', { version: saved.version }));
      return;
    }
    const found = result.errors.map((error) => describeError(error, names));
    if (!found.some((p) => p.outcomeUnknown)) pending.current = null;
    setProblems(found.length ? found : [{ field: 'form', key: 'error.failed', params: { detail: `HTTP ${result.status}` } }]);
  }

  const control = (f: FieldSpec) => {
    const invalid = problems.some((p) => p.field === f.name);
    const describedBy = invalid ? `${f.name}-error` : undefined;
    switch (f.type) {
      case 'localized':
        return (
          <Field key={f.name} name={f.name} problems={problems} group>
            <LocalizedInput
              id={`f-${f.name}`}
              label={fieldLabel(f.name)}
              value={values[f.name] as never}
              languages={languages}
              multiline={f.multiline}
              invalid={invalid}
              describedBy={describedBy}
              onChange={set(f.name)}
            />
          </Field>
        );
      case 'localizedList':
        return (
          <Field key={f.name} name={f.name} problems={problems} group>
            <LocalizedList
              id={`f-${f.name}`}
              label={fieldLabel(f.name)}
              value={values[f.name] as never}
              languages={languages}
              multiline
              invalid={invalid}
              onChange={set(f.name)}
            />
          </Field>
        );
      case 'sources':
        return (
          <Field key={f.name} name={f.name} problems={problems} group>
            <SourcesInput value={values[f.name] as never} onChange={set(f.name)} />
          </Field>
        );
      case 'roles':
        return (
          <Field key={f.name} name={f.name} problems={problems} group>
            <RolesInput value={values[f.name] as never} languages={languages} source={source} onChange={set(f.name)} />
          </Field>
        );
      case 'enumList':
        return (
          <Field key={f.name} name={f.name} problems={problems} group>
            <MultiChoice name={f.name} chosen={values[f.name] as string[]} choices={enumOptions(f)} onChange={set(f.name)} />
          </Field>
        );
      case 'refList':
        return (
          <Field key={f.name} name={f.name} problems={problems}>
            <RecordPicker
              id={`f-${f.name}`}
              kind={f.ref}
              source={source}
              value={values[f.name] as string[]}
              multiple
              invalid={invalid}
              describedBy={describedBy}
              onChange={set(f.name)}
            />
          </Field>
        );
      case 'ref':
        if (f.createOnly && record) return null;
        return (
          <Field key={f.name} name={f.name} problems={problems}>
            <RecordPicker
              id={`f-${f.name}`}
              kind={f.ref}
              source={source}
              value={values[f.name] ? [values[f.name] as string] : []}
              invalid={invalid}
              describedBy={describedBy}
              onChange={(ids) => set(f.name)(ids[0] ?? '')}
            />
          </Field>
        );
      default:
        return (
          <Field key={f.name} name={f.name} problems={problems}>
            <SimpleInput field={f} value={values[f.name]} invalid={invalid} onChange={set(f.name)} />
          </Field>
        );
    }
  };

  const formProblems = problems.filter((p) => p.field === 'form');
  return (
    <form class="editor-form" onSubmit={submit} noValidate aria-labelledby="form-title">
      <h2 id="form-title" ref={heading} tabIndex={-1}>
        {record ? t('form.edit', { label: labelOf(spec, record) }) : t(`new.${spec.kind}`)}
      </h2>
      <datalist id="editor-languages">
        {languages.map((code) => (
          <option key={code} value={code}>
            {languageName(code)}
          </option>
        ))}
      </datalist>
      <div class="fields">{spec.fields.map(control)}</div>
      {record && (
        <Field name="version" problems={problems}>
          <output id="f-version">{record.version}</output>
          {problems.some((p) => p.field === 'version') && (
            <button type="button" class="secondary" onClick={() => onReload(record.id)}>
              {t('form.reload')}
            </button>
          )}
        </Field>
      )}
      <div class="actions">
        <button type="submit" disabled={submitting} aria-busy={submitting}>
          {submitting ? t('form.saving') : record ? t('form.save') : t(`create.${spec.kind}`)}
        </button>
        <button type="button" class="secondary" onClick={onClose}>
          {record ? t('form.close') : t('form.clear')}
        </button>
        {record && (
          <button type="button" class="danger" onClick={() => onDelete(record)}>
            {t('form.delete')}
          </button>
        )}
        <span class="saved" role="status">
          {note}
        </span>
      </div>
      {formProblems.map((p, i) => (
        <p key={i} class="error form-error" role="alert">
          {problemText(p)}
        </p>
      ))}
    </form>
  );
}

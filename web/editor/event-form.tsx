import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { humanize } from '../overview/data';
import { describeError, newIdempotencyKey, sendWrite, type EditableEvent, type FormField, type Problem } from './api';
import { buildWrite, emptyForm, formOf, LANGUAGES, type FormState } from './form-state';
import { TEXT_LIMITS, tooLongMessage } from '../../shared/write-limits';

/** The node's write limits (one module for both), for the text inputs: `maxlength` and the check below. */
const MAX_LENGTH = { titleText: TEXT_LIMITS.title, titleEn: TEXT_LIMITS.title, city: TEXT_LIMITS.short, venue: TEXT_LIMITS.short } as const;
const LENGTH_CHECKS = [
  ['titleText', 'title', 'Title'],
  ['titleEn', 'titleEn', 'English translation of the title'],
  ['city', 'city', 'City'],
  ['venue', 'venue', 'Venue'],
] as const;

interface Props {
  country: string;
  token: string;
  /** The event being edited, or undefined for a new one. */
  event?: EditableEvent;
  eventTypes: string[];
  precisions: string[];
  onSaved(event: EditableEvent, created: boolean): void;
  onReload(id: string): void;
  onCancel(): void;
}

function Field({ name, label, problems, children }: { name: FormField; label: string; problems: Problem[]; children: ComponentChildren }) {
  const mine = problems.filter((p) => p.field === name);
  return (
    <div class={`field${mine.length ? ' invalid' : ''}`} data-field={name}>
      <label for={`f-${name}`}>{label}</label>
      {children}
      {mine.map((p, i) => (
        <p key={i} class="error" id={`${name}-error`} role="alert">
          {p.message}
        </p>
      ))}
    </div>
  );
}

/** Client-side checks that need no server: the rest (dates in order, …) comes back from the node. */
function validate(form: FormState): Problem[] {
  const problems: Problem[] = [];
  if (!form.titleText.trim()) problems.push({ field: 'title', message: 'Enter a title.' });
  // maxlength stops typing and pasting past the limit; a stored value can still be longer.
  for (const [key, field, label] of LENGTH_CHECKS) {
    const length = form[key].trim().length;
    if (length > MAX_LENGTH[key]) problems.push({ field, message: `${tooLongMessage(label, length, MAX_LENGTH[key])}.` });
  }
  if (form.participantCount.trim() && !/^\d+$/.test(form.participantCount.trim())) {
    problems.push({ field: 'participantCount', message: 'Enter a whole number of participants, or leave it empty.' });
  }
  return problems;
}

export function EventForm({ country, token, event, eventTypes, precisions, onSaved, onReload, onCancel }: Props) {
  const [form, setForm] = useState<FormState>(() => (event ? formOf(event) : emptyForm()));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [note, setNote] = useState('');
  // Set synchronously, so a second click in the same frame (before a re-render) is ignored.
  const inFlight = useRef(false);
  // The key of the last write whose outcome is unknown, and the exact write it was for.
  const pending = useRef<{ key: string; body: string } | null>(null);

  // A layout effect runs in the same task as the render that shows the new event, so no input
  // (typing right after "New event", a reload under load) can land between the two and be wiped.
  useLayoutEffect(() => {
    setForm(event ? formOf(event) : emptyForm());
    setProblems([]);
    pending.current = null;
  }, [event?.id, event?.version]);
  useEffect(() => setNote(''), [event?.id]);

  const set =
    <K extends keyof FormState>(key: K) =>
    (e: Event) => {
      const target = e.currentTarget as HTMLInputElement;
      setForm((f) => ({ ...f, [key]: target.type === 'checkbox' ? target.checked : target.value }));
    };

  async function submit(e: Event) {
    e.preventDefault();
    if (inFlight.current) return;
    setNote('');
    const local = validate(form);
    if (local.length) return setProblems(local);
    const write = buildWrite(form, country, event);
    if (!write) return setProblems([{ field: 'form', message: 'Nothing has changed, so there is nothing to save.' }]);
    // One logical submit, one key: a retry of the very same write reuses it, so the node answers
    // the retry with the first outcome instead of writing twice.
    const body = JSON.stringify(write);
    const key = pending.current?.body === body ? pending.current.key : newIdempotencyKey();
    pending.current = { key, body };
    inFlight.current = true;
    setSubmitting(true);
    const result = await sendWrite(write, token, key);
    inFlight.current = false;
    setSubmitting(false);
    if (result.networkError) {
      return setProblems([
        {
          field: 'form',
          outcomeUnknown: true,
          message: 'No answer from the server. Your event may or may not have been saved; saving again is safe and will not create a duplicate.',
        },
      ]);
    }
    const saved = result.data?.createEvent ?? result.data?.updateEvent;
    if (saved && !result.errors.length) {
      pending.current = null;
      setProblems([]);
      onSaved(saved, write.kind === 'create');
      if (write.kind === 'create') setForm(emptyForm());
      setNote(write.kind === 'create' ? `Saved as ${saved.id}.` : `Saved: now version ${saved.version}.`);
      return;
    }
    const found = result.errors.map((error) => describeError(error, country));
    if (!found.some((p) => p.outcomeUnknown)) pending.current = null;
    setProblems(found.length ? found : [{ field: 'form', message: `The server answered HTTP ${result.status} without saving.` }]);
  }

  const formProblems = problems.filter((p) => p.field === 'form');
  return (
    <form class="editor-form" onSubmit={submit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{event ? `Edit ${event.id}` : `New ${country} event`}</h2>
      <div class="row">
        <Field name="title" label="Title" problems={problems}>
          <input
            id="f-title"
            name="title"
            value={form.titleText}
            onInput={set('titleText')}
            maxLength={MAX_LENGTH.titleText}
            required
            aria-describedby="title-error"
          />
        </Field>
        <div class="field narrow">
          <label for="f-titleLang">Title language</label>
          <select id="f-titleLang" name="titleLang" value={form.titleLang} onChange={set('titleLang')}>
            {LANGUAGES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {form.titleLang !== 'en' && (
        <Field name="titleEn" label="English translation of the title (optional)" problems={problems}>
          <input id="f-titleEn" name="titleEn" value={form.titleEn} onInput={set('titleEn')} maxLength={MAX_LENGTH.titleEn} />
        </Field>
      )}
      <div class="row">
        <Field name="type" label="Type" problems={problems}>
          <select id="f-type" name="type" value={form.type} onChange={set('type')}>
            {eventTypes.map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
          </select>
        </Field>
        <Field name="datePrecision" label="Dates precise to the" problems={problems}>
          <select id="f-datePrecision" name="datePrecision" value={form.datePrecision} onChange={set('datePrecision')}>
            {precisions.map((p) => (
              <option key={p} value={p}>
                {p === 'UNKNOWN' ? 'unknown' : humanize(p).toLowerCase()}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div class="row">
        <Field name="startDate" label="Start date" problems={problems}>
          <input id="f-startDate" name="startDate" type="date" value={form.startDate} onInput={set('startDate')} />
        </Field>
        <Field name="endDate" label="End date" problems={problems}>
          <input id="f-endDate" name="endDate" type="date" value={form.endDate} onInput={set('endDate')} />
        </Field>
      </div>
      <div class="row">
        <Field name="city" label="City" problems={problems}>
          <input id="f-city" name="city" value={form.city} onInput={set('city')} maxLength={MAX_LENGTH.city} />
        </Field>
        <Field name="venue" label="Venue" problems={problems}>
          <input id="f-venue" name="venue" value={form.venue} onInput={set('venue')} maxLength={MAX_LENGTH.venue} />
        </Field>
      </div>
      <div class="row">
        <Field name="participantCount" label="Participants" problems={problems}>
          <input id="f-participantCount" name="participantCount" inputMode="numeric" value={form.participantCount} onInput={set('participantCount')} />
        </Field>
        <Field name="online" label="Held online" problems={problems}>
          <input id="f-online" name="online" type="checkbox" checked={form.online} onChange={set('online')} />
        </Field>
      </div>
      {event && (
        <Field name="version" label="Version" problems={problems}>
          <output id="f-version">{event.version}</output>
          {problems.some((p) => p.field === 'version') && (
            <button type="button" class="secondary" onClick={() => onReload(event.id)}>
              Reload this event
            </button>
          )}
        </Field>
      )}
      <div class="actions">
        <button type="submit" disabled={submitting} aria-busy={submitting}>
          {submitting ? 'Saving…' : event ? 'Save changes' : 'Create event'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {event ? 'Close' : 'Clear'}
        </button>
        <span class="saved" role="status">
          {note}
        </span>
      </div>
      {formProblems.map((p, i) => (
        <p key={i} class="error form-error" role="alert">
          {p.message}
        </p>
      ))}
    </form>
  );
}

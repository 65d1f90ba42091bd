import type { EditableEvent, Write } from './types';

/** What the form holds: strings as the inputs give them, converted only when a write is built. */
export interface FormState {
  titleText: string;
  titleLang: string;
  titleEn: string;
  type: string;
  startDate: string;
  endDate: string;
  datePrecision: string;
  city: string;
  venue: string;
  online: boolean;
  participantCount: string;
}

export const LANGUAGES: Array<[string, string]> = [
  ['en', 'English'],
  ['mn', 'Mongolian'],
  ['ky', 'Kyrgyz'],
  ['az', 'Azerbaijani'],
  ['vi', 'Vietnamese'],
  ['ru', 'Russian'],
];

export function emptyForm(): FormState {
  return {
    titleText: '',
    titleLang: 'en',
    titleEn: '',
    type: 'MEETING',
    startDate: '',
    endDate: '',
    datePrecision: 'DAY',
    city: '',
    venue: '',
    online: false,
    participantCount: '',
  };
}

export function formOf(event: EditableEvent): FormState {
  const en = event.title.translations.find((t) => t.lang === 'en');
  return {
    titleText: event.title.original,
    titleLang: event.title.originalLang,
    titleEn: event.title.originalLang === 'en' ? '' : (en?.text ?? ''),
    type: event.type,
    startDate: event.startDate ?? '',
    endDate: event.endDate ?? '',
    datePrecision: event.datePrecision,
    city: event.city ?? '',
    venue: event.venue ?? '',
    online: event.online,
    participantCount: event.participantCount === null ? '' : String(event.participantCount),
  };
}

/** The title as LocalizedTextInput, keeping the translations the form does not edit. */
function titleInput(form: FormState, event?: EditableEvent) {
  const kept = (event?.title.translations ?? []).filter((t) => t.lang !== 'en' && t.lang !== form.titleLang);
  const translations = [...kept];
  if (form.titleLang !== 'en' && form.titleEn.trim()) {
    const before = event?.title.translations.find((t) => t.lang === 'en');
    translations.push({ lang: 'en', text: form.titleEn.trim(), origin: before && before.text === form.titleEn.trim() ? before.origin : 'HUMAN' });
  }
  return { lang: form.titleLang, text: form.titleText.trim(), translations };
}

const count = (s: string) => (s.trim() === '' ? null : Number(s));
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/**
 * The write for the form: a create with every given field, or an update whose patch has only
 * the fields the editor changed (a patch sets what it names; nothing else is touched).
 * Returns null for an update with no change.
 */
export function buildWrite(form: FormState, country: string, event?: EditableEvent): Write | null {
  if (!event) {
    const input: Record<string, unknown> = { country, title: titleInput(form), type: form.type, datePrecision: form.datePrecision, online: form.online };
    if (form.startDate) input.startDate = form.startDate;
    if (form.endDate) input.endDate = form.endDate;
    if (orNull(form.city)) input.city = orNull(form.city);
    if (orNull(form.venue)) input.venue = orNull(form.venue);
    if (count(form.participantCount) !== null) input.participantCount = count(form.participantCount);
    return { kind: 'create', input };
  }
  const before = formOf(event);
  const patch: Record<string, unknown> = {};
  if (form.titleText !== before.titleText || form.titleLang !== before.titleLang || form.titleEn !== before.titleEn) patch.title = titleInput(form, event);
  if (form.type !== before.type) patch.type = form.type;
  if (form.datePrecision !== before.datePrecision) patch.datePrecision = form.datePrecision;
  if (form.online !== before.online) patch.online = form.online;
  if (form.startDate !== before.startDate) patch.startDate = orNull(form.startDate);
  if (form.endDate !== before.endDate) patch.endDate = orNull(form.endDate);
  if (form.city !== before.city) patch.city = orNull(form.city);
  if (form.venue !== before.venue) patch.venue = orNull(form.venue);
  if (form.participantCount !== before.participantCount) patch.participantCount = count(form.participantCount);
  if (!Object.keys(patch).length) return null;
  return { kind: 'update', id: event.id, expectedVersion: event.version, patch };
}

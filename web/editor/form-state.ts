import { TEXT_LIMITS } from '../../contract/write-limits';
import { inPatch, type EditSpec, type FieldSpec } from './kinds';

/**
 * What a form holds, by field: strings as the inputs give them, converted only when a write is
 * built. Pure (no DOM), so tests/editor-form-state.test.ts runs it in Node.
 */

export interface TranslationValue {
  lang: string;
  text: string;
  origin: string;
}
export interface LocalizedValue {
  text: string;
  lang: string;
  translations: TranslationValue[];
}
export interface SourceValue {
  document: string;
  excerpt: string;
  /** Kept through an edit: a patch replaces the whole list, so a note not sent back would be lost. */
  note: string;
}
export interface RoleValue {
  title: LocalizedValue;
  kind: string;
  organisationId: string;
  eventId: string;
  programmeId: string;
  asOf: string;
}
export type FieldValue = string | boolean | string[] | LocalizedValue | LocalizedValue[] | SourceValue[] | RoleValue[];
export type FormValues = Record<string, FieldValue>;

/** A record as the API returns it (the selection of kinds.ts recordSelection). */
export type RecordData = Record<string, any> & { id: string; version: number }; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Write =
  | { kind: 'create'; noun: string; input: Record<string, unknown> }
  | { kind: 'update'; noun: string; id: string; expectedVersion: number; patch: Record<string, unknown> };

export const emptyText = (lang: string): LocalizedValue => ({ text: '', lang, translations: [] });
export const emptyRole = (lang: string): RoleValue => ({ title: emptyText(lang), kind: '', organisationId: '', eventId: '', programmeId: '', asOf: '' });

function defaultOf(field: FieldSpec, lang: string): FieldValue {
  switch (field.type) {
    case 'bool':
      return false;
    case 'enumList':
    case 'refList':
    case 'localizedList':
    case 'sources':
    case 'roles':
      return [];
    case 'localized':
      return emptyText(lang);
    case 'enum':
      if (field.name === 'datePrecision') return 'DAY';
      if (field.name === 'type' && field.values === 'EventType') return 'MEETING';
      if (field.name === 'constituentGroup') return 'NONE';
      if (field.name === 'basis') return 'DECLARED';
      if (field.name === 'status') return 'IMPLEMENTATION';
      return '';
    default:
      return '';
  }
}

/** A new record's form: the office's language preselected for every text. */
export function emptyValues(spec: EditSpec, officeLang: string): FormValues {
  return Object.fromEntries(spec.fields.map((f) => [f.name, defaultOf(f, officeLang)]));
}

type LT = { original: string; originalLang: string; translations: TranslationValue[] } | null | undefined;
const textOf = (lt: LT, lang: string): LocalizedValue =>
  lt
    ? { text: lt.original, lang: lt.originalLang, translations: lt.translations.map((t) => ({ lang: t.lang, text: t.text, origin: t.origin })) }
    : emptyText(lang);
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The form of a stored record. */
export function valuesOf(spec: EditSpec, record: RecordData, officeLang: string): FormValues {
  const values: FormValues = {};
  for (const f of spec.fields) {
    const raw = record[f.name];
    switch (f.type) {
      case 'localized':
        values[f.name] = textOf(raw, officeLang);
        break;
      case 'localizedList':
        values[f.name] = (raw ?? []).map((lt: LT) => textOf(lt, officeLang));
        break;
      case 'sources':
        values[f.name] = (record.sources ?? []).map((s: { document: string; excerpt: string | null; note?: string | null }) => ({
          document: s.document,
          excerpt: s.excerpt ?? '',
          note: s.note ?? '',
        }));
        break;
      case 'ref':
        values[f.name] = str(record[f.name.replace(/Id$/, '')]?.id);
        break;
      case 'refList':
        values[f.name] = (record[f.name.replace(/Ids$/, 's')] ?? []).map((o: { id: string }) => o.id);
        break;
      case 'roles':
        values[f.name] = (raw ?? []).map((r: RecordData) => ({
          title: textOf(r.title, officeLang),
          kind: str(r.kind),
          organisationId: str(r.organisation?.id),
          eventId: str(r.event?.id),
          programmeId: str(r.programme?.id),
          asOf: str(r.asOf),
        }));
        break;
      case 'bool':
        values[f.name] = Boolean(raw);
        break;
      case 'enumList':
        values[f.name] = [...(raw ?? [])];
        break;
      default:
        values[f.name] = str(raw);
    }
  }
  return values;
}

/**
 * A date as the node stores it: the first day of its period ("a date is stored as the first day
 * of its period", README), so 2026-06-15 at YEAR precision is 2026-01-01.
 */
export function periodStart(date: string, precision: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  if (precision === 'YEAR') return `${date.slice(0, 4)}-01-01`;
  if (precision === 'MONTH') return `${date.slice(0, 7)}-01`;
  return date;
}

const trimmed = (s: string) => s.trim();
const textInput = (v: LocalizedValue) => {
  const translations = v.translations
    .filter((t) => t.text.trim() || t.lang.trim())
    .map((t) => ({ lang: t.lang.trim(), text: t.text.trim(), origin: t.origin || 'HUMAN' }));
  return { lang: v.lang.trim(), text: v.text.trim(), ...(translations.length ? { translations } : {}) };
};
const isBlankText = (v: LocalizedValue) => !v.text.trim() && v.translations.every((t) => !t.text.trim());

/** The API input value of one field, or null for "none". */
export function inputOf(field: FieldSpec, values: FormValues): unknown {
  const v = values[field.name];
  switch (field.type) {
    case 'text': {
      const s = trimmed(v as string);
      return s ? s : null;
    }
    case 'int': {
      const s = trimmed(v as string);
      return s ? Number(s) : null;
    }
    case 'bool':
      return v as boolean;
    case 'date': {
      const s = trimmed(v as string);
      const precision = typeof values.datePrecision === 'string' ? values.datePrecision : 'DAY';
      return s ? (field.role ? periodStart(s, precision) : s) : null;
    }
    case 'enum':
    case 'ref':
      return (v as string) || null;
    case 'enumList':
    case 'refList':
      return [...(v as string[])];
    case 'localized':
      return isBlankText(v as LocalizedValue) ? null : textInput(v as LocalizedValue);
    case 'localizedList':
      return (v as LocalizedValue[]).filter((x) => !isBlankText(x)).map(textInput);
    case 'sources':
      return (v as SourceValue[])
        .filter((s) => s.document.trim() || s.excerpt.trim() || s.note.trim())
        .map((s) => ({
          document: s.document.trim(),
          ...(s.excerpt.trim() ? { excerpt: s.excerpt.trim() } : {}),
          ...(s.note.trim() ? { note: s.note.trim() } : {}),
        }));
    case 'roles':
      return (v as RoleValue[]).map((r) => ({
        title: textInput(r.title),
        ...(r.kind ? { kind: r.kind } : {}),
        ...(r.organisationId ? { organisationId: r.organisationId } : {}),
        ...(r.eventId ? { eventId: r.eventId } : {}),
        ...(r.programmeId ? { programmeId: r.programmeId } : {}),
        ...(r.asOf ? { asOf: r.asOf } : {}),
      }));
  }
}

const isEmpty = (x: unknown) => x === null || (Array.isArray(x) && x.length === 0);

/**
 * The write for the form: a create with every given field, or an update whose patch has only
 * the fields that differ from the stored record (a patch sets what it names, nothing else).
 * Null for an update with no change.
 */
export function buildWrite(spec: EditSpec, values: FormValues, country: string, record?: RecordData, officeLang = 'en'): Write | null {
  if (!record) {
    const input: Record<string, unknown> = { country };
    for (const f of spec.fields) {
      const value = inputOf(f, values);
      if (!isEmpty(value)) input[f.name] = value;
    }
    return { kind: 'create', noun: spec.noun, input };
  }
  const before = valuesOf(spec, record, officeLang);
  const patch: Record<string, unknown> = {};
  for (const f of spec.fields.filter(inPatch)) {
    const now = inputOf(f, values);
    if (JSON.stringify(now) !== JSON.stringify(inputOf(f, before))) patch[f.name] = now;
  }
  // A changed precision moves the stored dates to its period's first day, so both are sent again.
  if ('datePrecision' in patch)
    for (const name of ['startDate', 'endDate'])
      if (name in values)
        patch[name] = inputOf(
          spec.fields.find((f) => f.name === name)!,
          values,
        );
  if (!Object.keys(patch).length) return null;
  return { kind: 'update', noun: spec.noun, id: record.id, expectedVersion: record.version, patch };
}

export { TEXT_LIMITS };

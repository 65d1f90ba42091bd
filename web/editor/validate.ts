import { EMAIL_PATTERN, LIST_LIMITS, TEXT_LIMITS } from '../../contract/write-limits';
import type { EditSpec } from './kinds';
import type { FormValues, LocalizedValue, RoleValue, SourceValue } from './form-state';
import type { EditorKey } from '../shared/messages/editor';

/**
 * The node's checks, run before sending so a person sees them at once and next to the field
 * (subgraphs/country/data/write/validate.ts and inputs/write-limits.ts say the same). Pure: a
 * problem is a catalogue key and its parameters; the page words it in the reader's language.
 */

export interface Check {
  field: string;
  key: EditorKey;
  params?: Record<string, string | number>;
}

/** The node accepts an ISO 639 code of two or three lower-case letters as a text's language. */
export const LANG_CODE = /^[a-z]{2,3}$/;
/** The node's own e-mail check (contract/write-limits.ts). */
export const EMAIL = EMAIL_PATTERN;

const LIMITS = { short: TEXT_LIMITS.short, email: TEXT_LIMITS.email, title: TEXT_LIMITS.title } as const;

function checkText(field: string, v: LocalizedValue, required: boolean, limit: number, out: Check[]): void {
  const text = v.text.trim();
  if (!text && (required || v.translations.some((t) => t.text.trim()))) out.push({ field, key: 'check.required' });
  if (text.length > limit) out.push({ field, key: 'check.tooLong', params: { length: text.length, limit } });
  if (!LANG_CODE.test(v.lang.trim())) out.push({ field, key: 'check.lang', params: { lang: v.lang } });
  const seen = new Set([v.lang.trim()]);
  if (v.translations.length > LIST_LIMITS.translations) out.push({ field, key: 'check.tooMany', params: { limit: LIST_LIMITS.translations } });
  for (const t of v.translations) {
    const lang = t.lang.trim();
    if (!LANG_CODE.test(lang)) out.push({ field, key: 'check.lang', params: { lang: t.lang } });
    else if (seen.has(lang)) out.push({ field, key: 'check.langTwice', params: { lang } });
    seen.add(lang);
    if (!t.text.trim()) out.push({ field, key: 'check.translationEmpty', params: { lang } });
    if (t.text.trim().length > limit) out.push({ field, key: 'check.tooLong', params: { length: t.text.trim().length, limit } });
  }
}

export function validate(spec: EditSpec, values: FormValues): Check[] {
  const out: Check[] = [];
  for (const f of spec.fields) {
    const v = values[f.name];
    switch (f.type) {
      case 'text': {
        const s = (v as string).trim();
        if (f.required && !s) out.push({ field: f.name, key: 'check.required' });
        if (s.length > LIMITS[f.limit]) out.push({ field: f.name, key: 'check.tooLong', params: { length: s.length, limit: LIMITS[f.limit] } });
        if (f.check === 'email' && s && !EMAIL.test(s)) out.push({ field: f.name, key: 'check.email' });
        break;
      }
      case 'int': {
        const s = (v as string).trim();
        if (s && !/^\d+$/.test(s)) out.push({ field: f.name, key: s.startsWith('-') ? 'check.negative' : 'check.wholeNumber' });
        else if (s && Number(s) > 2147483647) out.push({ field: f.name, key: 'check.wholeNumber' });
        break;
      }
      case 'date': {
        const s = (v as string).trim();
        if (s && !/^\d{4}-\d{2}-\d{2}$/.test(s)) out.push({ field: f.name, key: 'check.date' });
        const other = f.pairedWith ? (values[f.pairedWith] as string).trim() : '';
        if (f.role === 'end' && s && other && s < other) out.push({ field: f.name, key: 'check.endBeforeStart', params: { end: s, start: other } });
        break;
      }
      case 'enum':
      case 'ref':
        if (f.required && !v) out.push({ field: f.name, key: 'check.choose' });
        break;
      case 'localized':
        checkText(f.name, v as LocalizedValue, Boolean(f.required), f.multiline ? TEXT_LIMITS.paragraph : TEXT_LIMITS.title, out);
        break;
      case 'localizedList':
        for (const item of v as LocalizedValue[]) if (item.text.trim() || item.translations.length) checkText(f.name, item, true, TEXT_LIMITS.paragraph, out);
        break;
      case 'sources':
        for (const s of v as SourceValue[]) {
          if (!s.document.trim() && (s.excerpt.trim() || s.note.trim())) out.push({ field: f.name, key: 'check.sourceDocument' });
          for (const [text, limit] of [
            [s.document, TEXT_LIMITS.document],
            [s.excerpt, TEXT_LIMITS.excerpt],
            [s.note, TEXT_LIMITS.excerpt],
          ] as const)
            if (text.trim().length > limit) out.push({ field: f.name, key: 'check.tooLong', params: { length: text.trim().length, limit } });
        }
        break;
      case 'roles':
        for (const r of v as RoleValue[]) checkText(f.name, r.title, true, TEXT_LIMITS.title, out);
        break;
      default:
    }
  }
  return out;
}

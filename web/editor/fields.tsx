import type { ComponentChildren } from 'preact';
import { TEXT_LIMITS } from '../../contract/write-limits';
import type { Option } from './picker-api';
import type { Problem } from './errors';
import { enumValues, type FieldSpec } from './kinds';
import { enumLabel, fieldLabel, problemText, t, uiLang } from './text';

/** The simple inputs of a form: one labelled control each, its problems right under it. */

export function Problems({ name, problems }: { name: string; problems: Problem[] }) {
  const mine = problems.filter((p) => p.field === name);
  if (!mine.length) return null;
  return (
    <div id={`${name}-error`}>
      {mine.map((p, i) => (
        <p key={i} class="error" role="alert">
          {problemText(p)}
        </p>
      ))}
    </div>
  );
}

export function Field({ name, problems, children, group }: { name: string; problems: Problem[]; children: ComponentChildren; group?: boolean }) {
  const invalid = problems.some((p) => p.field === name);
  if (group) {
    return (
      <fieldset class={`field group${invalid ? ' invalid' : ''}`} data-field={name} aria-describedby={invalid ? `${name}-error` : undefined}>
        <legend>{fieldLabel(name)}</legend>
        {children}
        <Problems name={name} problems={problems} />
      </fieldset>
    );
  }
  return (
    <div class={`field${invalid ? ' invalid' : ''}`} data-field={name}>
      <label for={`f-${name}`}>{fieldLabel(name)}</label>
      {children}
      <Problems name={name} problems={problems} />
    </div>
  );
}

/** A language's name in the reader's language (`tg` → "Tajik"), the code when the browser has no name for it. */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([uiLang], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

const LIMIT = { short: TEXT_LIMITS.short, email: TEXT_LIMITS.email, title: TEXT_LIMITS.title } as const;

interface InputProps {
  field: FieldSpec;
  value: unknown;
  invalid: boolean;
  onChange(value: unknown): void;
}

/** The control of a text, number, date, yes/no or choice field (references: picker.tsx). */
export function SimpleInput({ field, value, invalid, onChange }: InputProps) {
  const id = `f-${field.name}`;
  const described = invalid ? `${field.name}-error` : undefined;
  const common = { id, name: field.name, 'aria-invalid': invalid || undefined, 'aria-describedby': described };
  const str = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  switch (field.type) {
    case 'text':
      return (
        <input
          {...common}
          inputMode={field.check === 'email' ? 'email' : undefined}
          value={value as string}
          maxLength={LIMIT[field.limit]}
          onInput={(e) => onChange(str(e))}
        />
      );
    case 'int':
      return <input {...common} inputMode="numeric" value={value as string} onInput={(e) => onChange(str(e))} />;
    case 'date':
      return <input {...common} type="date" value={value as string} onInput={(e) => onChange(str(e))} />;
    case 'bool':
      return <input {...common} type="checkbox" checked={value as boolean} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />;
    case 'enum':
      return (
        <select {...common} value={value as string} onChange={(e) => onChange(str(e))}>
          {!field.required && <option value="">{t('form.none')}</option>}
          {enumValues(field.values).map((v) => (
            <option key={v} value={v}>
              {enumLabel(field.values, v)}
            </option>
          ))}
        </select>
      );
    default:
      return null;
  }
}

/** Several choices among a fixed list (themes): a checkbox each, in a scrolling box. */
export function MultiChoice({ name, chosen, choices, onChange }: { name: string; chosen: string[]; choices: Option[]; onChange(v: string[]): void }) {
  const missing = chosen.filter((id) => !choices.some((c) => c.id === id)).map((id) => ({ id, label: id }));
  return (
    <div class="choices" role="group" aria-label={fieldLabel(name)}>
      {[...missing, ...choices].map((c) => {
        const id = `f-${name}-${c.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
        return (
          <label key={c.id} for={id} class="choice">
            <input
              id={id}
              type="checkbox"
              checked={chosen.includes(c.id)}
              onChange={(e) => onChange(e.currentTarget.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))}
            />{' '}
            {c.label}
          </label>
        );
      })}
    </div>
  );
}

export const enumOptions = (field: FieldSpec): Option[] =>
  field.type === 'enumList' ? enumValues(field.values).map((v) => ({ id: v, label: enumLabel(field.values, v) })) : [];

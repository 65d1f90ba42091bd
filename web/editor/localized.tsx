import { TEXT_LIMITS } from '../../contract/write-limits';
import { ENUMS } from '../explorer/enums';
import { emptyText, type LocalizedValue, type TranslationValue } from './form-state';
import { languageName } from './fields';
import { t } from './text';

/**
 * A text in its original language with its translations: the original's language is chosen from
 * the office's languages (its own first); a translation may be in any language code, and says
 * who made it (TextOrigin: a machine translation is marked as such).
 */

interface Props {
  /** Ids start with this (`f-title`); the label of the original points at `${id}`. */
  id: string;
  label: string;
  value: LocalizedValue;
  languages: string[];
  multiline?: boolean;
  invalid: boolean;
  describedBy?: string;
  onChange(value: LocalizedValue): void;
}

export function LocalizedInput({ id, label, value, languages, multiline, invalid, describedBy, onChange }: Props) {
  const limit = multiline ? TEXT_LIMITS.paragraph : TEXT_LIMITS.title;
  const langs = languages.includes(value.lang) ? languages : [value.lang, ...languages];
  const setTranslation = (i: number, patch: Partial<TranslationValue>) =>
    onChange({ ...value, translations: value.translations.map((tr, j) => (j === i ? { ...tr, ...patch } : tr)) });
  const aria = { 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy };
  return (
    <div class="localized">
      <div class="row">
        <div class="grow">
          <label for={id}>{label}</label>
          {multiline ? (
            <textarea id={id} rows={3} value={value.text} maxLength={limit} onInput={(e) => onChange({ ...value, text: e.currentTarget.value })} {...aria} />
          ) : (
            <input id={id} value={value.text} maxLength={limit} onInput={(e) => onChange({ ...value, text: e.currentTarget.value })} {...aria} />
          )}
        </div>
        <div class="narrow">
          <label for={`${id}-lang`}>{t('text.language')}</label>
          <select id={`${id}-lang`} value={value.lang} onChange={(e) => onChange({ ...value, lang: e.currentTarget.value })}>
            {langs.map((code) => (
              <option key={code} value={code}>
                {languageName(code)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {value.translations.map((tr, i) => (
        <div class="row translation" key={i}>
          <div class="narrow">
            <label for={`${id}-tr${i}-lang`}>{t('text.translationLang')}</label>
            <input
              id={`${id}-tr${i}-lang`}
              value={tr.lang}
              list="editor-languages"
              maxLength={TEXT_LIMITS.lang}
              autoComplete="off"
              onInput={(e) => setTranslation(i, { lang: e.currentTarget.value.trim().toLowerCase() })}
            />
          </div>
          <div class="grow">
            <label for={`${id}-tr${i}`}>
              {t('text.translation')} {tr.lang && `(${languageName(tr.lang)})`}
            </label>
            <input id={`${id}-tr${i}`} value={tr.text} maxLength={limit} onInput={(e) => setTranslation(i, { text: e.currentTarget.value })} />
          </div>
          <div class="narrow">
            <label for={`${id}-tr${i}-origin`}>{t('text.origin')}</label>
            <select id={`${id}-tr${i}-origin`} value={tr.origin} onChange={(e) => setTranslation(i, { origin: e.currentTarget.value })}>
              {ENUMS.TextOrigin.map((o) => (
                <option key={o} value={o}>
                  {t(`origin.${o}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" class="secondary" onClick={() => onChange({ ...value, translations: value.translations.filter((_, j) => j !== i) })}>
            {t('form.remove')}
            <span class="visually-hidden"> {tr.lang}</span>
          </button>
        </div>
      ))}
      <button
        type="button"
        class="secondary"
        id={`${id}-add-translation`}
        onClick={() => onChange({ ...value, translations: [...value.translations, { lang: '', text: '', origin: 'HUMAN' }] })}
      >
        {t('text.addTranslation')}
        <span class="visually-hidden"> ({label})</span>
      </button>
    </div>
  );
}

/** Several texts (objectives, other spellings of a name), each with its translations. */
export function LocalizedList(props: Omit<Props, 'value' | 'onChange'> & { value: LocalizedValue[]; onChange(value: LocalizedValue[]): void }) {
  const { value, onChange, languages } = props;
  return (
    <div class="localized-list">
      {value.map((item, i) => (
        <div class="item" key={i}>
          <LocalizedInput
            {...props}
            id={`${props.id}-${i}`}
            label={`${props.label} ${i + 1}`}
            value={item}
            onChange={(v) => onChange(value.map((x, j) => (j === i ? v : x)))}
          />
          <button type="button" class="secondary" onClick={() => onChange(value.filter((_, j) => j !== i))}>
            {t('form.remove')}
            <span class="visually-hidden">
              {' '}
              {props.label} {i + 1}
            </span>
          </button>
        </div>
      ))}
      <button type="button" class="secondary" id={`${props.id}-add`} onClick={() => onChange([...value, emptyText(languages[0] ?? 'en')])}>
        {t('text.addItem')}
        <span class="visually-hidden"> ({props.label})</span>
      </button>
    </div>
  );
}

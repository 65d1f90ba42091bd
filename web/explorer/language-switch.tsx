import { isUiLanguage, UI_LANGUAGES, type UiLanguage } from '../shared/i18n';
import { rememberLanguage } from '../shared/ui-language';
import { commonText, uiLang } from './text';

/** Each language named in itself, as language pickers do. */
const NAMES: Record<UiLanguage, string> = { en: 'English', ru: 'Русский' };

/** The interface language: kept in the address (`ui=ru`) and remembered; changing it reloads the page in that language. */
export function LanguageSwitch() {
  return (
    <div class="ui-language">
      <label for="ui-language">{commonText('ui.language')}</label>{' '}
      <select
        id="ui-language"
        value={uiLang}
        onChange={(e) => {
          const lang = e.currentTarget.value;
          if (!isUiLanguage(lang)) return;
          rememberLanguage(lang);
          const q = new URLSearchParams(window.location.search);
          q.set('ui', lang);
          window.location.search = q.toString();
        }}
      >
        {UI_LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

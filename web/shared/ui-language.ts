import { isUiLanguage, type UiLanguage } from './i18n';

/** Which interface language the browser shows (kept apart from i18n.ts, which the Node tests import without a DOM). */

const STORAGE_KEY = 'ilo-ui-language';

/** `?ui=ru` in the address, then the user's last choice, then the browser's languages, then English. */
export function preferredLanguage(): UiLanguage {
  if (typeof window === 'undefined') return 'en';
  const fromUrl = new URLSearchParams(window.location.search).get('ui');
  if (isUiLanguage(fromUrl)) return fromUrl;
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isUiLanguage(stored)) return stored;
  } catch {
    // Storage may be refused (private mode, sandboxed frame): fall through.
  }
  for (const tag of window.navigator.languages ?? []) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isUiLanguage(primary)) return primary;
  }
  return 'en';
}

export function rememberLanguage(lang: UiLanguage): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered; the choice still applies to this page.
  }
}

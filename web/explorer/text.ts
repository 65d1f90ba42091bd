import { translator, type Params } from '../shared/i18n';
import { common } from '../shared/messages/common';
import { explorer, type ExplorerKey } from '../shared/messages/explorer';
import type { NavText } from '../shared/layout';
import { preferredLanguage } from '../shared/ui-language';
import type { EnumName } from './kinds';

/** The reader's interface language for this page load (changing it reloads the page). */
export const uiLang = preferredLanguage();

const translate = translator(explorer, uiLang);
export const commonText = translator(common, uiLang);

/** The page header's links in the reader's language. */
export const navText = (): NavText => ({
  label: commonText('nav.label'),
  overview: commonText('nav.overview'),
  explorer: commonText('nav.explorer'),
  editor: commonText('nav.editor'),
  ide: commonText('nav.ide'),
});
export const t = (key: ExplorerKey, params?: Params): string => translate(key, params);

/** An API enum value in words (`EventType`, `ROUND_TABLE` → "Round table"). */
export function enumLabel(name: EnumName, value: string | null | undefined): string {
  if (!value) return '';
  const key = `${name === 'ProgrammeOrder' ? 'EventOrder' : name}.${value}` as ExplorerKey;
  return key in explorer.en ? t(key) : value;
}

/** A count with its noun in the reader's language: "1 event", "5 событий". */
export const counted = (key: ExplorerKey, count: number, params: Params = {}) => t(key, { ...params, count, n: count.toLocaleString(uiLang) });

/** Dates and times in the reader's locale. */
export const dateTime = (iso: string) => new Date(iso).toLocaleString(uiLang, { dateStyle: 'medium', timeStyle: 'short' });
export const dayOf = (iso: string) => new Date(iso).toLocaleDateString(uiLang, { dateStyle: 'medium' });

import { translator, type Params } from '../shared/i18n';
import { common } from '../shared/messages/common';
import { editor, type EditorKey } from '../shared/messages/editor';
import { explorer, type ExplorerKey } from '../shared/messages/explorer';
import type { NavText } from '../shared/layout';
import { preferredLanguage } from '../shared/ui-language';
import type { EnumName } from '../explorer/enums';
import type { Problem } from './errors';

/** The editor's interface language for this page load (changing it reloads the page). */
export const uiLang = preferredLanguage();

const translate = translator(editor, uiLang);
const explorerText = translator(explorer, uiLang);
export const commonText = translator(common, uiLang);
export const t = (key: EditorKey, params?: Params): string => translate(key, params);

export const navText = (): NavText => ({
  label: commonText('nav.label'),
  overview: commonText('nav.overview'),
  explorer: commonText('nav.explorer'),
  editor: commonText('nav.editor'),
  ide: commonText('nav.ide'),
});

/** An API enum value in words, from the explorer's catalogue (the same words on both pages). */
export function enumLabel(name: EnumName, value: string): string {
  const key = `${name === 'ProgrammeOrder' ? 'EventOrder' : name}.${value}` as ExplorerKey;
  return key in explorer.en ? explorerText(key) : value;
}

export const fieldLabel = (name: string): string => (`field.${name}` in editor.en ? t(`field.${name}` as EditorKey) : name);

export const problemText = (p: Problem): string => (p.key ? t(p.key, p.params) : (p.text ?? ''));

export const dateTime = (iso: string) => new Date(iso).toLocaleString(uiLang, { dateStyle: 'medium', timeStyle: 'short' });

import type { Catalogue } from '../i18n';

/** Text every page shares: the header's navigation and the notices. */
export const common = {
  en: {
    'nav.label': 'Pages',
    'nav.overview': 'Regional overview',
    'nav.editor': 'Country editor',
    'nav.ide': 'GraphQL IDE',
    'ui.language': 'Interface language',
  },
  ru: {
    'nav.label': 'Страницы',
    'nav.overview': 'Региональный обзор',
    'nav.editor': 'Редактор страны',
    'nav.ide': 'GraphQL IDE',
    'ui.language': 'Язык интерфейса',
  },
} satisfies Catalogue<'nav.label' | 'nav.overview' | 'nav.editor' | 'nav.ide' | 'ui.language'>;

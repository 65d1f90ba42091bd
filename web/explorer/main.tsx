import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { Layout } from '../shared/layout';
import '../shared/style.css';
import './explorer.css';
import { CountryPage } from './country-page';
import { LanguageSwitch } from './language-switch';
import { useCountries } from './hooks';
import { ListPage } from './list-page';
import { interceptLinks, useSearch } from './nav';
import { RecordPage } from './record-page';
import { parseRoute, textMode } from './route';
import { navText, t, uiLang } from './text';

/**
 * The regional explorer at /explore: lists of every record type across countries, record pages
 * and country pages, all in one page whose address holds the view (route.ts). It carries no
 * chart code: the overview at / draws the charts and links here for the records behind them.
 */
function Explorer() {
  const search = useSearch();
  const route = parseRoute(search);
  const mode = textMode(search);
  const { countries, nameOf } = useCountries();

  const first = useRef(true);
  useEffect(() => {
    document.documentElement.lang = uiLang;
    // After an in-page navigation the reader lands on the new view's heading, as after a page load.
    if (!first.current) document.getElementById('view-title')?.focus();
    first.current = false;
  }, [search]);
  useEffect(() => {
    document.title = `${document.getElementById('view-title')?.textContent ?? ''} · ${t('title')}`;
  });

  return (
    <Layout title={t('title')} current="explorer" nav={navText()}>
      <LanguageSwitch />
      {route.view === 'list' && <ListPage route={route} search={search} mode={mode} countries={countries} nameOf={nameOf} />}
      {route.view === 'record' && <RecordPage kind={route.kind} id={route.id} search={search} mode={mode} nameOf={nameOf} />}
      {route.view === 'country' && <CountryPage code={route.code} search={search} nameOf={nameOf} />}
      {route.view === 'invalid' && (
        <div class="notice" role="alert">
          <h2 id="view-title" tabIndex={-1}>
            {t('invalid.title')}
          </h2>
          {t('invalid.body', { value: route.problem })} <a href="explore">{t('invalid.start')}</a>
        </div>
      )}
    </Layout>
  );
}

const app = document.getElementById('app')!;
interceptLinks(app);
render(<Explorer />, app);

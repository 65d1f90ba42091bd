import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { pageConfig } from '../shared/config';
import { graphql } from '../shared/graphql';
import { Layout } from '../shared/layout';
import '../shared/style.css';
import './editor.css';
import { LanguageSwitch } from '../explorer/language-switch';
import { officeLanguages, type CountryFacts } from './languages';
import { EDIT_KINDS, EDIT_SPECS, type EditKind } from './kinds';
import { RecordPane } from './record-pane';
import { storedSession, storeSession, type Session } from './session';
import { SignIn } from './sign-in';
import { navText, t, uiLang } from './text';

const COUNTRIES = `query EditorCountries($lang: String) { countries { code name { text(lang: $lang) originalLang } } }`;

/**
 * The country editor at /editor: an office's editor signs in with a token (kept in this tab
 * only), picks a record type, finds a record in its list and edits, deletes or brings back one,
 * with its history beside it. The page reads no schema: kinds.ts knows every type and value.
 */
function Editor() {
  const config = pageConfig();
  const [session, setSession] = useState<Session | null>(storedSession);
  const [countries, setCountries] = useState<CountryFacts[]>([]);
  const [kind, setKind] = useState<EditKind>('events');
  const [signInProblem, setSignInProblem] = useState<string | undefined>();

  useEffect(() => {
    document.documentElement.lang = uiLang;
    void graphql<{ countries: CountryFacts[] }>(COUNTRIES, { lang: uiLang }).then((r) => setCountries(r.data?.countries ?? []));
  }, []);

  const signOut = (problem?: string) => {
    storeSession(null);
    setSession(null);
    setSignInProblem(problem);
  };
  const nameOf = (code: string) => countries.find((c) => c.code === code)?.name.text ?? code;

  return (
    <Layout title={t('title')} current="editor" nav={navText()}>
      <LanguageSwitch />
      {!session ? (
        <SignIn
          countries={countries.map((c) => ({ code: c.code, name: c.name.text }))}
          devTokens={config.devTokens}
          problem={signInProblem}
          onSignIn={(s) => {
            storeSession(s);
            setSession(s);
            setSignInProblem(undefined);
          }}
        />
      ) : (
        <>
          <p class="who" id="signed-in">
            {t('signedIn', { sub: session.sub, role: session.role, country: `${nameOf(session.country!)} (${session.country})` })}
            {session.expiresAt && <> {t('signedInUntil', { time: new Date(session.expiresAt).toLocaleString(uiLang) })}</>}.{' '}
            <button type="button" class="secondary" onClick={() => signOut()}>
              {t('signOut')}
            </button>
          </p>
          {session.role !== 'editor' && (
            <div class="notice" role="alert">
              {t('readOnly', { role: session.role })}
            </div>
          )}
          <nav class="kinds" aria-label={t('kinds.label')}>
            {EDIT_KINDS.map((k) => (
              <button key={k} type="button" class="tab" aria-pressed={k === kind} data-kind={k} onClick={() => setKind(k)}>
                {t(`kind.${k}`)}
              </button>
            ))}
          </nav>
          <RecordPane key={kind} spec={EDIT_SPECS[kind]} session={session} languages={officeLanguages(session.country!, countries)} />
        </>
      )}
    </Layout>
  );
}

render(<Editor />, document.getElementById('app')!);

import { useState } from 'preact/hooks';
import { developmentToken, sessionFromToken, type Session } from './session';
import { t } from './text';

interface Props {
  countries: Array<{ code: string; name: string }>;
  devTokens: boolean;
  problem?: string;
  onSignIn(session: Session): void;
}

/** Sign-in by pasting a bearer token, or (development only) asking the gateway for one. */
export function SignIn({ countries, devTokens, problem, onSignIn }: Props) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(problem ?? '');
  const [country, setCountry] = useState(countries[0]?.code ?? 'KG');
  const [busy, setBusy] = useState(false);

  const use = (raw: string) => {
    const session = sessionFromToken(raw);
    if ('error' in session) return setError(t(session.error));
    if (!session.country) return setError(t('signIn.noCountry', { role: session.role }));
    // Other roles may sign in and read; the node itself refuses their writes (FORBIDDEN), shown by the form.
    onSignIn(session);
  };

  return (
    <section class="card sign-in">
      <h2>{t('signIn.title')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          use(token);
        }}
      >
        <div class="field">
          <label for="token">{t('signIn.token')}</label>
          <textarea
            id="token"
            name="token"
            rows={3}
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
            placeholder="eyJhbGciOi…"
            aria-describedby="token-help token-error"
          />
          <p id="token-help" class="muted">
            {t('signIn.help')}
          </p>
          {error && (
            <p class="error" id="token-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit">{t('signIn.submit')}</button>
      </form>
      {devTokens && (
        <form
          class="dev-token"
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            try {
              use(await developmentToken(country));
            } catch (err) {
              setError(t('signIn.devFailed', { detail: (err as Error).message }));
            }
            setBusy(false);
          }}
        >
          <h3>{t('signIn.dev')}</h3>
          <label for="dev-country">{t('signIn.devCountry')}</label>{' '}
          <select id="dev-country" name="country" value={country} onChange={(e) => setCountry(e.currentTarget.value)}>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>{' '}
          <button type="submit" disabled={busy}>
            {t('signIn.devGet')}
          </button>
          <p class="muted">{t('signIn.devOnly')}</p>
        </form>
      )}
    </section>
  );
}

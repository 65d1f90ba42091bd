import { useState } from 'preact/hooks';
import { developmentToken, sessionFromToken, type Session } from './session';

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
    if ('error' in session) return setError(session.error);
    if (!session.country) return setError(`This token names no country (role ${session.role}); editing needs an editor token for one country.`);
    // Other roles may sign in and read; the node itself refuses their writes (FORBIDDEN), shown by the form.
    onSignIn(session);
  };

  return (
    <section class="card sign-in">
      <h2>Sign in</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          use(token);
        }}
      >
        <div class="field">
          <label for="token">Editor token</label>
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
            Your office's administrator issues it (in development: <code>npm run token -- --role editor --country KG</code>). It stays in this tab only.
          </p>
          {error && (
            <p class="error" id="token-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit">Sign in</button>
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
              setError(`No development token: ${(err as Error).message}`);
            }
            setBusy(false);
          }}
        >
          <h3>Development</h3>
          <label for="dev-country">Editor of</label>{' '}
          <select id="dev-country" name="country" value={country} onChange={(e) => setCountry(e.currentTarget.value)}>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>{' '}
          <button type="submit" disabled={busy}>
            Get a development token
          </button>
          <p class="muted">Only on a gateway running outside production.</p>
        </form>
      )}
    </section>
  );
}

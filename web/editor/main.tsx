import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { pageConfig } from '../shared/config';
import { graphql, unavailableCountries } from '../shared/graphql';
import { Layout, UnavailableNotice } from '../shared/layout';
import '../shared/style.css';
import { humanize } from '../overview/data';
import { ENUMS_QUERY, EVENTS_QUERY, type EditableEvent } from './api';
import { EventForm } from './event-form';
import { storedSession, storeSession, type Session } from './session';
import { SignIn } from './sign-in';

interface Enums {
  eventTypes: { enumValues: Array<{ name: string }> } | null;
  precisions: { enumValues: Array<{ name: string }> } | null;
  countries: Array<{ code: string; name: { text: string } }> | null;
}

function Editor() {
  const config = pageConfig();
  const [session, setSession] = useState<Session | null>(storedSession);
  const [enums, setEnums] = useState<Enums | null>(null);
  const [events, setEvents] = useState<EditableEvent[]>([]);
  const [unavailable, setUnavailable] = useState<string[]>([]);
  const [listError, setListError] = useState('');
  const [editing, setEditing] = useState<EditableEvent | undefined>(undefined);
  const [signInProblem, setSignInProblem] = useState<string | undefined>();

  useEffect(() => {
    graphql<Enums>(ENUMS_QUERY).then((r) => setEnums(r.data ?? { eventTypes: null, precisions: null, countries: null }));
  }, []);

  const load = useCallback(
    async (focusId?: string) => {
      if (!session?.country) return;
      // Sent with the token: the answer is private and never cached, so the list is always current.
      const r = await graphql<{ events: { nodes: EditableEvent[] } }>(
        EVENTS_QUERY,
        { country: session.country },
        { headers: { authorization: `Bearer ${session.token}` } },
      );
      setUnavailable(unavailableCountries(r.errors));
      setListError(r.networkError ? `The gateway did not answer (${r.networkError}).` : '');
      const nodes = r.data?.events.nodes ?? [];
      setEvents(nodes);
      if (focusId) setEditing(nodes.find((e) => e.id === focusId));
    },
    [session],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const signOut = (problem?: string) => {
    storeSession(null);
    setSession(null);
    setEditing(undefined);
    setSignInProblem(problem);
  };
  const countries = (enums?.countries ?? []).map((c) => ({ code: c.code, name: c.name.text }));
  const nameOf = (code: string) => countries.find((c) => c.code === code)?.name ?? code;

  return (
    <Layout title="ILO country offices: country editor" current="editor">
      {!session ? (
        <SignIn
          countries={countries}
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
            Signed in as <strong>{session.sub}</strong>, {session.role} for{' '}
            <strong>
              {nameOf(session.country!)} ({session.country})
            </strong>
            {session.expiresAt && <> until {new Date(session.expiresAt).toLocaleString()}</>}.{' '}
            <button type="button" class="secondary" onClick={() => signOut()}>
              Sign out
            </button>
          </p>
          {session.role !== 'editor' && (
            <div class="notice" role="alert">
              This token has the {session.role} role: you can read, but saving needs an editor token.
            </div>
          )}
          <UnavailableNotice codes={unavailable} nameOf={nameOf} />
          {listError && (
            <div class="notice" role="alert">
              {listError}
            </div>
          )}
          <div class="editor-grid">
            <section class="card">
              <h2>
                {session.country} events <span class="muted">({events.length})</span>
              </h2>
              <button type="button" onClick={() => setEditing(undefined)}>
                New event
              </button>
              <ul class="event-list" aria-label="Events">
                {events.map((e) => (
                  <li key={e.id} data-id={e.id} aria-current={editing?.id === e.id ? 'true' : undefined}>
                    <button type="button" class="link" onClick={() => setEditing(e)}>
                      {e.title.en}
                    </button>
                    <span class="muted">
                      {' '}
                      {e.startDate ?? 'undated'} · {humanize(e.type)} · v{e.version}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
            <section class="card">
              {enums && (
                <EventForm
                  country={session.country!}
                  token={session.token}
                  event={editing}
                  eventTypes={enums.eventTypes?.enumValues.map((v) => v.name) ?? ['MEETING']}
                  precisions={enums.precisions?.enumValues.map((v) => v.name) ?? ['DAY']}
                  onSaved={(saved, created) => {
                    void load(created ? undefined : saved.id);
                    if (!created) setEditing(saved);
                  }}
                  onReload={(id) => void load(id)}
                  onCancel={() => setEditing(undefined)}
                />
              )}
            </section>
          </div>
        </>
      )}
    </Layout>
  );
}

render(<Editor />, document.getElementById('app')!);

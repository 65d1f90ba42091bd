import type { EditorKey } from '../shared/messages/editor';

/** The editor's sign-in: a bearer token kept for this browser tab only (sessionStorage, never localStorage or a cookie). */

export interface Session {
  token: string;
  sub: string;
  role: string;
  country: string | null;
  /** Expiry, ms since epoch, when the token says. */
  expiresAt: number | null;
}

const KEY = 'ilo-editor-token';

/**
 * Reads the claims of a JWT to show who is signed in and which office's events to list. Not a
 * verification: every node verifies the token on each write, and refuses what it may not do.
 */
export function sessionFromToken(raw: string): Session | { error: EditorKey } {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3) return { error: 'signIn.notToken' };
  let claims: Record<string, unknown>;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    claims = JSON.parse(decodeURIComponent(Array.from(json, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')));
  } catch {
    return { error: 'signIn.unreadable' };
  }
  const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  if (expiresAt !== null && expiresAt < Date.now()) return { error: 'signIn.expired' };
  return {
    token,
    sub: String(claims.sub ?? 'unknown'),
    role: String(claims.role ?? 'none'),
    country: typeof claims.country === 'string' ? claims.country.toUpperCase() : null,
    expiresAt,
  };
}

export function storedSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  const session = sessionFromToken(token);
  return 'error' in session ? null : session;
}

export function storeSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, session.token);
  else sessionStorage.removeItem(KEY);
}

/** Asks the gateway's development-only endpoint for an editor token of `country`. */
export async function developmentToken(country: string): Promise<string> {
  const response = await fetch(new URL('dev/token', document.baseURI), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'editor', country }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || typeof body.token !== 'string') throw new Error(body.error ?? `HTTP ${response.status}`);
  return body.token;
}

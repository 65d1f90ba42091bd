import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded cluster's superuser password: random per cluster, kept in a pgpass file inside
 * the data folder (mode 0600, owned by the service's user; PostgreSQL itself keeps the folder at
 * mode 0700), never a constant in the code. An operator reaches the database with
 * `PGPASSFILE=<data folder>/superuser.pgpass psql -h 127.0.0.1 -p <port> -U postgres <db>`.
 *
 * Clusters made before this file existed were initialised with the password `postgres`; they are
 * recognised by accepting it and get a random password on their next start (rotate()).
 */
export const SUPERUSER = 'postgres';
/** What every cluster made before random passwords accepted; only ever tried, to replace it. */
export const LEGACY_PASSWORD = 'postgres';

/** pgpass format: psql and libpq read it as PGPASSFILE; the port changes at each start, hence `*`. */
export const passwordFile = (dataDir: string) => path.join(dataDir, 'superuser.pgpass');
/** Written before the role is altered, renamed over passwordFile after: a crash between leaves both. */
const pendingFile = (dataDir: string) => `${passwordFile(dataDir)}.new`;
/** initdb needs an empty folder, so a new cluster's password waits beside it until initdb is done. */
export const initPasswordFile = (dataDir: string) => `${path.resolve(dataDir)}.initdb-password`;

export function newPassword(): string {
  // base64url: no character that pgpass (':' '\') or a URL would need to escape.
  return crypto.randomBytes(24).toString('base64url');
}

function pgpassLine(password: string): string {
  return `# Superuser of this embedded PostgreSQL (listens on 127.0.0.1 only). Use: PGPASSFILE=<this file> psql -h 127.0.0.1 -p <port> -U ${SUPERUSER} <database>\n127.0.0.1:*:*:${SUPERUSER}:${password}\n`;
}

function readPgpass(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (!line.startsWith('#') && fields.length === 5 && fields[3] === SUPERUSER && fields[4]) return fields[4].trim();
  }
  return null;
}

function readPlain(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Writes `content` where only this process's user can read it; the rename makes it appear whole. */
function writePrivate(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content, { mode: 0o600 });
  fs.chmodSync(temp, 0o600); // the umask could only have narrowed it; a leftover could be wider
  fs.renameSync(temp, file);
}

/** The stored password of the cluster in `dataDir`, or null when it has none yet (an older cluster). */
export function storedPassword(dataDir: string): string | null {
  return readPgpass(passwordFile(dataDir));
}

/**
 * Every password the cluster may accept, most likely first: the stored one, one a rotation or
 * initdb wrote before being interrupted, and the legacy constant of clusters made before.
 */
export function candidatePasswords(dataDir: string): Array<{ password: string; stored: boolean }> {
  const found: Array<{ password: string; stored: boolean }> = [];
  const add = (password: string | null, stored: boolean) => {
    if (password && !found.some((f) => f.password === password)) found.push({ password, stored });
  };
  add(storedPassword(dataDir), true);
  add(readPgpass(pendingFile(dataDir)), false);
  add(readPlain(initPasswordFile(dataDir)), false);
  add(LEGACY_PASSWORD, false);
  return found;
}

/** Stores a password the cluster accepts (a pending or initdb one that was not yet moved in place). */
export function store(dataDir: string, password: string): void {
  writePrivate(passwordFile(dataDir), pgpassLine(password));
  fs.rmSync(pendingFile(dataDir), { force: true });
  fs.rmSync(initPasswordFile(dataDir), { force: true });
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677, the format of
 * pg_authid.rolpassword). Sending it instead of the password keeps the password itself out of
 * any server log that records the ALTER ROLE statement. `password` is ASCII (newPassword), so
 * SASLprep leaves it unchanged.
 */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = crypto.randomBytes(16);
  const salted = crypto.pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => crypto.createHmac('sha256', key).update(text).digest();
  const storedKey = crypto.createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/**
 * Gives the superuser a new random password through `run` (a statement on a connection made
 * with the old one) and stores it. The new password is on disk (pending) before the role changes,
 * so an interruption at any point leaves a file holding the password the cluster accepts.
 */
export async function rotate(dataDir: string, run: (sql: string) => Promise<unknown>): Promise<string> {
  const password = newPassword();
  writePrivate(pendingFile(dataDir), pgpassLine(password));
  await run(`ALTER ROLE ${SUPERUSER} PASSWORD '${scramVerifier(password)}'`);
  store(dataDir, password);
  return password;
}

/** initdb's password for a new cluster, kept beside the (still empty) data folder until store(). */
export function prepareInitPassword(dataDir: string, reader: { uid: number; gid: number } | null): { file: string; password: string } {
  const password = newPassword();
  const file = initPasswordFile(dataDir);
  writePrivate(file, `${password}\n`);
  // initdb runs as the server's user (postgres, under root), which must read it.
  if (reader) fs.chownSync(file, reader.uid, reader.gid);
  return { file, password };
}

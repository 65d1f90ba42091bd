import pg from 'pg';
import { StartupError } from '../startup-error.js';
import { candidatePasswords, LEGACY_PASSWORD, passwordFile, rotate, store, SUPERUSER } from './password.js';

/** SQLSTATE invalid_password. */
export const PASSWORD_REFUSED = '28P01';

export function clusterUrl(port: number, password: string, database: string): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Makes the stored password the one the cluster on `port` accepts, and returns it: a password a
 * rotation or initdb left pending is stored; the legacy well-known one (clusters made before
 * random passwords) is replaced by a random one at once. Throws when the cluster accepts none of them.
 */
export async function securePassword(dataDir: string, port: number, log: (m: string) => void): Promise<string> {
  for (const candidate of candidatePasswords(dataDir)) {
    const client = new pg.Client({ connectionString: clusterUrl(port, candidate.password, 'postgres'), connectionTimeoutMillis: 5000 });
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      if ((error as { code?: string }).code === PASSWORD_REFUSED) continue;
      throw error;
    }
    try {
      if (candidate.password === LEGACY_PASSWORD) {
        const password = await rotate(dataDir, (sql) => client.query(sql));
        log(
          `the embedded PostgreSQL in ${dataDir} had the well-known password of earlier versions; replaced by a random one kept in ${passwordFile(dataDir)} (mode 0600)`,
        );
        return password;
      }
      if (!candidate.stored) store(dataDir, candidate.password);
      return candidate.password;
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new StartupError(
    `the embedded PostgreSQL in ${dataDir} refuses the password in ${passwordFile(dataDir)} (and every earlier one): restore that file from a backup, ` +
      `or set a new password by starting the cluster with trust authentication for local connections (pg_hba.conf) and running ALTER ROLE ${SUPERUSER} PASSWORD …`,
  );
}

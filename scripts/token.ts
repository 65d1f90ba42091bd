import { parseArgs } from 'node:util';
import { mintToken, ROLES, type Role } from '../platform/auth.js';
import { ConfigError, countryCode, DEV_JWT_SECRET, environment } from '../platform/config.js';
import { read } from '../platform/config/setting.js';
import { S } from '../platform/config/settings/index.js';
import { seconds } from '../platform/env-values.js';

const USAGE = 'Usage: npm run token -- --role editor|analyst|reader [--country KG] [--sub alice] [--expires 12h (at most JWT_MAX_LIFETIME, default 12h)]';

/** The secret the nodes verify with: JWT_SECRET, or the development secret outside production. */
function signingSecret(env: NodeJS.ProcessEnv): string {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  if (environment(env) === 'production') {
    throw new ConfigError('JWT_SECRET is required with NODE_ENV=production (the development secret is never used there)');
  }
  return DEV_JWT_SECRET;
}

/** Prints an HS256 token for local development, e.g. `npm run token -- --role editor --country KG`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      role: { type: 'string' },
      country: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) {
    throw new ConfigError(`--role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(values.role ?? null)}\n${USAGE}`);
  }
  if (role === 'editor' && !values.country) throw new ConfigError(`an editor token needs --country (the country it may write)\n${USAGE}`);
  const country = values.country ? countryCode(values.country, '--country') : undefined;
  // Every service refuses tokens living longer than JWT_MAX_LIFETIME, so minting one would only fail later.
  const lifetime = seconds(values.expires, 0, '--expires');
  const maxLifetime = read(process.env, S.JWT_MAX_LIFETIME, 12 * 3600);
  if (lifetime <= 0) throw new ConfigError(`--expires must be a positive duration such as 30m or 12h`);
  if (lifetime > maxLifetime) {
    throw new ConfigError(`--expires ${values.expires} is longer than the maximum token lifetime of ${maxLifetime} s (JWT_MAX_LIFETIME)`);
  }
  const token = await mintToken({
    secret: signingSecret(process.env),
    sub: values.sub ?? `dev-${role}${country ? `-${country.toLowerCase()}` : ''}`,
    role,
    country,
    expiresIn: `${lifetime}s`,
    issuer: read(process.env, S.JWT_ISSUER),
    audience: read(process.env, S.JWT_AUDIENCE),
  });
  console.log(token);
}

main().catch((error: Error) => {
  const known = error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(known ? `token: ${error.message}` : error);
  process.exit(1);
});

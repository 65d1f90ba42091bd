import { ConfigError, flag, seconds, type Env, type Environment } from './env-values.js';

/** Browser-facing gateway settings: the IDE, CORS, cacheable GETs, development tokens. */

/** Used only in development and tests, so a fresh clone works; production refuses to start without a real one. */
export const DEV_JWT_SECRET = 'dev-only-secret-not-for-production-use-0123456789';

/** Which foreign origins may call the gateway from a browser. */
export interface CorsConfig {
  /** Exact origins (`https://bi.example.org`); `*` allows any origin (then never with credentials). */
  origins: string[];
  /** Any `http://localhost:*`, `127.0.0.1:*` or `[::1]:*` origin (the development default). */
  localhost: boolean;
  /** Send `Access-Control-Allow-Credentials: true` to allowed origins (cookies / HTTP auth). */
  credentials: boolean;
}

export interface WebConfig {
  /** Serve the GraphQL IDE at `GET /graphql` to browsers (`IDE=false` turns it off). */
  ide: boolean;
  cors: CorsConfig;
  /** `max-age` of a GET query's answer (seconds) when it is public and complete. */
  cacheMaxAgeSeconds: number;
  /** Secret for `POST /dev/token` (editor tokens for the editor page); absent in production. */
  devTokenSecret?: string;
}

/** `https://a.example,http://localhost:5173` → exact origins; unset → localhost in development, none in production. */
export function parseCorsConfig(env: Env, envName: Environment): CorsConfig {
  const credentials = flag(env.CORS_CREDENTIALS, false, 'CORS_CREDENTIALS');
  if (env.CORS_ORIGINS === undefined) return { origins: [], localhost: envName !== 'production', credentials };
  const origins = env.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(`CORS_ORIGINS entry "${origin}" is not an origin such as https://bi.example.org`);
    }
    // A browser's Origin header is exactly scheme://host[:port]; anything else would never match.
    if (parsed.origin !== origin) throw new ConfigError(`CORS_ORIGINS entry "${origin}" must be exactly an origin, e.g. ${parsed.origin}`);
  }
  if (credentials && origins.includes('*'))
    throw new ConfigError('CORS_CREDENTIALS=true cannot be combined with CORS_ORIGINS=* (browsers refuse it); list the origins');
  return { origins, localhost: false, credentials };
}

export function loadWebConfig(env: Env, envName: Environment): WebConfig {
  return {
    ide: flag(env.IDE, true, 'IDE'),
    cors: parseCorsConfig(env, envName),
    cacheMaxAgeSeconds: seconds(env.CACHE_MAX_AGE, 60, 'CACHE_MAX_AGE'),
    // The same secret the nodes verify with in development (see authConfig); never in production.
    devTokenSecret: envName === 'production' ? undefined : env.JWT_SECRET || DEV_JWT_SECRET,
  };
}

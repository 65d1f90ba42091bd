import { countryCode } from '../country-nodes.js';
import { boolean, custom, duration, integer, oneOf, port, text, url } from '../kinds.js';
import { setting } from '../setting.js';

const ALL = ['gateway', 'node', 'regional'] as const;
const AUTH = ['gateway', 'node', 'regional', 'token'] as const;

const CONFIG_FILE_DOC = "the service's configuration file (YAML or JSON, also `--config`); a variable set in the environment overrides its key";

/** Settings of every service: where it listens, who it is, how it checks tokens and what it logs. */
export const SERVICE = {
  GATEWAY_CONFIG: setting({ env: 'GATEWAY_CONFIG', services: ['gateway'], kind: text, default: '—', doc: CONFIG_FILE_DOC }),
  NODE_CONFIG: setting({ env: 'NODE_CONFIG', services: ['node'], kind: text, default: '—', doc: CONFIG_FILE_DOC }),
  REGIONAL_CONFIG: setting({ env: 'REGIONAL_CONFIG', services: ['regional'], kind: text, default: '—', doc: CONFIG_FILE_DOC }),
  NODE_ENV: setting({
    env: 'NODE_ENV',
    key: 'environment',
    services: [...ALL, 'start'],
    kind: oneOf(['development', 'test', 'production'] as const),
    default: '`development`',
    doc: '`production` masks internal errors and requires a JWT secret or JWKS URL',
  }),
  PORT: setting({
    env: 'PORT',
    key: 'port',
    services: [...ALL, 'start'],
    kind: port,
    default: 'gateway 4000, regional 4001, MN 4101, KG 4102, AZ 4103, VN 4104',
    doc: 'HTTP port (0 = any free port); also `--port`',
  }),
  HOST: setting({ env: 'HOST', key: 'host', services: ALL, kind: text, default: '`127.0.0.1`', doc: 'interface to listen on; also `--host`' }),
  PORT_OFFSET: setting({
    env: 'PORT_OFFSET',
    key: 'portOffset',
    services: [...ALL, 'start'],
    kind: integer({ min: 0, max: 60000 }),
    default: '`0`',
    doc: 'shift of every default port, so a second stack (or a test) can run beside the first',
  }),
  COUNTRY: setting({
    env: 'COUNTRY',
    key: 'country',
    services: ['node'],
    kind: custom('a two-letter country code such as KG', (raw, name) => countryCode(raw, name)),
    default: '— (required)',
    doc: 'the country this node serves; also `--country`',
  }),
  JWT_SECRET: setting({
    env: 'JWT_SECRET',
    services: AUTH,
    kind: text,
    default: 'dev-only secret outside production (optional at a production gateway)',
    doc: 'HS256 secret to verify bearer tokens (environment only: a secret stays out of files); the gateway uses it to refuse bad mutation tokens early and to rate-limit by token subject',
  }),
  JWKS_URL: setting({
    env: 'JWKS_URL',
    key: 'auth.jwksUrl',
    services: ['gateway', 'node', 'regional'],
    kind: url(['https:', 'http:']),
    default: '—',
    doc: 'verify tokens against a JWKS endpoint instead',
  }),
  JWT_ISSUER: setting({ env: 'JWT_ISSUER', key: 'auth.issuer', services: AUTH, kind: text, default: '—', doc: 'expected `iss` when set' }),
  JWT_AUDIENCE: setting({ env: 'JWT_AUDIENCE', key: 'auth.audience', services: AUTH, kind: text, default: '—', doc: 'expected `aud` when set' }),
  JWT_MAX_LIFETIME: setting({
    env: 'JWT_MAX_LIFETIME',
    key: 'auth.maxLifetime',
    services: AUTH,
    kind: duration('s', { min: 1 }),
    default: '`12h`',
    doc: 'longest accepted token lifetime (`exp` − `iat`); also what `npm run token` mints',
  }),
  JWT_CLOCK_SKEW: setting({
    env: 'JWT_CLOCK_SKEW',
    key: 'auth.clockSkew',
    services: AUTH,
    kind: duration('s'),
    default: '`60s`',
    doc: 'tolerance on `exp`/`nbf`/`iat`',
  }),
  LOG_LEVEL: setting({
    env: 'LOG_LEVEL',
    key: 'log.level',
    services: ALL,
    kind: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    default: '`info` (`silent` under `NODE_ENV=test`)',
    doc: 'least severe log entry written',
  }),
  LOG_FORMAT: setting({
    env: 'LOG_FORMAT',
    key: 'log.format',
    services: ALL,
    kind: oneOf(['json', 'pretty'] as const),
    default: '`pretty` in development, else `json`',
    doc: '`json`: one JSON object per line; `pretty`: one readable line per entry (needs the dev dependency `pino-pretty`, JSON without it)',
  }),
  HEALTH_DETAILS: setting({
    env: 'HEALTH_DETAILS',
    key: 'health.details',
    services: ALL,
    kind: oneOf(['full', 'basic'] as const),
    default: '`basic` in production, else `full`',
    doc: '`full` shows node URLs, schema hashes and error texts in `/health`',
  }),
  METRICS_OPERATION_NAMES: setting({
    env: 'METRICS_OPERATION_NAMES',
    key: 'metrics.operationNames',
    services: ALL,
    kind: integer({ min: 0 }),
    default: '`50`',
    doc: 'distinct operation names kept as a metric label (`0`: no per-name metric)',
  }),
  INTROSPECTION: setting({
    env: 'INTROSPECTION',
    key: 'introspection',
    services: ALL,
    kind: boolean,
    default: '`true`, `false` in production',
    doc: 'answer `__schema` / `__type`',
  }),
};

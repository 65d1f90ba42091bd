import { ConfigError } from '../platform/config/error.js';
import { boolean, custom, duration, integer, oneOf, port, size, url } from '../platform/config/kinds.js';

/** The one line a refused value gets: the setting, the value, what is accepted. */
const refusal = (name: string, raw: string, accepts: RegExp) =>
  new RegExp(`^${name}=${JSON.stringify(raw).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not accepted: expected ${accepts.source}`);

function refused(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('accepted');
}

test('booleans: one dialect for every switch, any case; anything else refused', () => {
  for (const yes of ['true', 'TRUE', 'yes', 'on', '1', ' True ']) expect(boolean.parse(yes, 'X')).toBe(true);
  for (const no of ['false', 'No', 'off', '0']) expect(boolean.parse(no, 'X')).toBe(false);
  for (const bad of ['maybe', '2', 'y', 'enabled', ''])
    expect(refused(() => boolean.parse(bad, 'SEED_ON_START'))).toMatch(refusal('SEED_ON_START', bad, /true, false, yes, no, on, off, 1 or 0/));
});

test('durations: units, a bare number in the setting’s own unit, ranges', () => {
  const ms = duration('ms');
  expect(ms.parse('500ms', 'D')).toBe(500);
  expect(ms.parse('2s', 'D')).toBe(2000);
  expect(ms.parse('1.5s', 'D')).toBe(1500);
  expect(ms.parse('5m', 'D')).toBe(300_000);
  expect(ms.parse('12h', 'D')).toBe(43_200_000);
  expect(ms.parse('2500', 'D')).toBe(2500); // DRAIN_MS=2500 keeps meaning 2.5 s
  expect(ms.parse('0', 'D')).toBe(0);
  const s = duration('s', { min: 1 });
  expect(s.parse('90d', 'R')).toBe(90 * 86400);
  expect(s.parse('600', 'R')).toBe(600); // RESPONSE_CACHE_REDIS_TTL=600 keeps meaning 10 minutes
  expect(s.parse('2m', 'R')).toBe(120);
  for (const bad of ['x', '-1', '5 minutes', '1w', '', '1e3'])
    expect(refused(() => ms.parse(bad, 'DRAIN_MS'))).toMatch(refusal('DRAIN_MS', bad, /a duration such as 500ms/));
  // Whole units only, and within range.
  expect(refused(() => s.parse('1500ms', 'R'))).toMatch(/R="1500ms" is not accepted/);
  expect(refused(() => s.parse('0', 'R'))).toMatch(/1 or more s/);
  expect(refused(() => duration('ms', { min: 1 }).parse('-1', 'EMBEDDED_PG_RESTART_MS'))).toMatch(refusal('EMBEDDED_PG_RESTART_MS', '-1', /a duration/));
});

test('sizes: binary units in bytes, a bare number in the setting’s own unit', () => {
  const bytes = size('B');
  expect(bytes.parse('64MB', 'S')).toBe(64 * 1024 * 1024);
  expect(bytes.parse('64mib', 'S')).toBe(64 * 1024 * 1024);
  expect(bytes.parse('512KB', 'S')).toBe(512 * 1024);
  expect(bytes.parse('1GB', 'S')).toBe(1024 ** 3);
  expect(bytes.parse('1048576', 'S')).toBe(1048576);
  expect(size('MB').parse('64', 'RESPONSE_CACHE_MAX_MB')).toBe(64 * 1024 * 1024); // the old MB count
  for (const bad of ['big', '64 TB', '-1', '0', '1.5'])
    expect(refused(() => bytes.parse(bad, 'NODE_MAX_RESPONSE_BYTES'))).toMatch(refusal('NODE_MAX_RESPONSE_BYTES', bad, /a size such as 512KB/));
});

test('integers with ranges, and ports', () => {
  const int = integer({ min: 0, max: 10 });
  expect(int.parse('0', 'I')).toBe(0);
  expect(int.parse(' 10 ', 'I')).toBe(10);
  for (const bad of ['11', '-1', '1.5', 'ten', '', '1e1']) expect(refused(() => int.parse(bad, 'I'))).toMatch(refusal('I', bad, /a whole number from 0 to 10/));
  expect(port.parse('0', 'PORT')).toBe(0);
  expect(port.parse('65535', 'PORT')).toBe(65535);
  expect(refused(() => port.parse('65536', 'PORT'))).toMatch(refusal('PORT', '65536', /a whole number from 0 to 65535/));
  expect(refused(() => integer({ min: 1 }).parse('0', 'GATEWAY_WORKERS'))).toMatch(/1 or more/);
});

test('URLs of the protocols a setting accepts', () => {
  const redis = url(['redis:', 'rediss:']);
  expect(redis.parse('redis://cache:6379/0', 'U')).toBe('redis://cache:6379/0');
  expect(redis.parse('rediss://cache:6380', 'U')).toBe('rediss://cache:6380');
  for (const bad of ['http://cache:6379', 'cache:6379x', 'not a url'])
    expect(refused(() => redis.parse(bad, 'RESPONSE_CACHE_REDIS_URL'))).toMatch(
      refusal('RESPONSE_CACHE_REDIS_URL', bad, /a URL starting redis:\/\/ or rediss:\/\//),
    );
});

test('enums, case-insensitive, refusing anything else with the list', () => {
  const mode = oneOf(['auto', 'topk', 'full'] as const);
  expect(mode.parse('TopK', 'PAGE_FETCH')).toBe('topk');
  expect(refused(() => mode.parse('bogus', 'PAGE_FETCH'))).toMatch(refusal('PAGE_FETCH', 'bogus', /one of auto, topk, full/));
});

test('a list or map setting takes its environment syntax, or a YAML list/map in a file', () => {
  const list = custom('a list', (raw) => raw.split(','), 'list');
  expect(list.fromFile(['a', 'b'])).toBe('a,b');
  expect(list.fromFile('a,b')).toBe('a,b');
  const map = custom('a map', (raw) => raw, 'map');
  expect(map.fromFile({ KG: 'http://kg/graphql', VN: 8000 })).toBe('KG=http://kg/graphql,VN=8000');
  expect(boolean.fromFile(false)).toBe('false');
  expect(duration('ms').fromFile(2500)).toBe('2500');
});

import { ConfigError } from './error.js';

const COUNTRY_CODE = /^[A-Z]{2}$/;

export function countryCode(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`${name} is required (a country code such as KG)`);
  const code = value.toUpperCase();
  if (!COUNTRY_CODE.test(code)) throw new ConfigError(`${name} must be a two-letter country code, got "${value}"`);
  return code;
}

/** Parses `MN=http://host:4101/graphql,KG=http://…`. */
export function parseCountryNodes(value: string): Array<{ country: string; url: string }> {
  const nodes = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) throw new ConfigError(`COUNTRY_NODES entry "${part}" must look like KG=http://host:port/graphql`);
      const country = countryCode(part.slice(0, eq).trim(), 'COUNTRY_NODES country');
      const url = part.slice(eq + 1).trim();
      try {
        new URL(url);
      } catch {
        throw new ConfigError(`COUNTRY_NODES URL for ${country} is not a URL: "${url}"`);
      }
      return { country, url };
    });
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.country)) throw new ConfigError(`COUNTRY_NODES lists ${n.country} twice`);
    seen.add(n.country);
  }
  if (nodes.length === 0) throw new ConfigError('COUNTRY_NODES must list at least one node');
  return nodes;
}

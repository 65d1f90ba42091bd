import fs from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './error.js';
import { fileSchema, fileSections, isSetting, keyTree, type KeyTree } from './schema.js';
import type { Env, Service, Setting } from './setting.js';
import { settingsOf } from './settings/index.js';

const FILE_SETTING: Partial<Record<Service, string>> = { gateway: 'GATEWAY_CONFIG', node: 'NODE_CONFIG', regional: 'REGIONAL_CONFIG' };

export interface LoadedSettings {
  /** Every setting as a variable: the file's values, overridden by the environment's. */
  env: Env;
  /** The file's sections that are not settings (the gateway's subgraphs), as validated. */
  sections: Record<string, unknown>;
  /** The file read, if any. */
  file?: string;
}

const set = (value: string | undefined) => value !== undefined && value !== '';

function readFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`configuration file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = parseYaml(text); // YAML is a superset of JSON: one reader for both
  } catch (error) {
    throw new ConfigError(`configuration file ${file} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`configuration file ${file} must hold a map of settings`);
  return data as Record<string, unknown>;
}

/** File values by the variable they set; an unknown key is refused naming the keys that would be accepted there. */
function flatten(data: Record<string, unknown>, tree: KeyTree, file: string, prefix: string, out: Map<Setting, unknown>): void {
  for (const [key, value] of Object.entries(data)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const node = tree[key];
    if (node === undefined) throw new ConfigError(`${file}: unknown setting "${path}" (accepted here: ${Object.keys(tree).sort().join(', ')})`);
    if (isSetting(node)) out.set(node, value);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) flatten(value as Record<string, unknown>, node, file, path, out);
    else throw new ConfigError(`${file}: "${path}" must be a map of ${Object.keys(node).sort().join(', ')}`);
  }
}

/**
 * A service's settings from its configuration file (`--config`, else GATEWAY_CONFIG / NODE_CONFIG
 * / REGIONAL_CONFIG) under its environment: a variable set in the environment wins over the
 * file's key (deploy-time values and secrets come from the environment). Every setting of the
 * service is parsed here, so a bad value stops the start with one line naming it, whatever code
 * reads it later.
 */
export function loadSettings(service: Service, env: Env, configPath?: string): LoadedSettings {
  const fileSetting = FILE_SETTING[service];
  const file = configPath || (fileSetting ? env[fileSetting] : undefined) || undefined;
  const fromFile = new Map<Setting, unknown>();
  const sections: Record<string, unknown> = {};
  if (file) {
    const data = readFile(file);
    const known = fileSections(service);
    for (const key of Object.keys(known)) {
      if (!(key in data)) continue;
      sections[key] = data[key];
      delete data[key];
    }
    flatten(data, keyTree(service), file, '', fromFile);
    const schema = fileSchema(service);
    const problem = Value.Errors(schema, { ...data, ...sections }).First();
    if (problem) throw new ConfigError(`${file}: "${problem.path.slice(1).replaceAll('/', '.')}" ${problem.message.toLowerCase()}`);
  }
  const merged: Env = { ...env };
  for (const s of settingsOf(service)) {
    if (set(env[s.env])) {
      s.kind.parse(env[s.env]!, s.env);
    } else if (fromFile.has(s)) {
      const raw = s.kind.fromFile(fromFile.get(s));
      s.kind.parse(raw, `${file}: ${s.key}`);
      merged[s.env] = raw;
    }
  }
  return { env: merged, sections, file };
}

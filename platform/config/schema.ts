import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import type { Service, Setting } from './setting.js';
import { settingsOf } from './settings/index.js';

/**
 * Sections of the gateway's file that are not settings with an environment variable: validated
 * by their own schema and handed to the code that reads them as they are.
 *
 * MERGE POINT (issue 21 items 1–3, branch gateway-general): `SubgraphsSection` from
 * gateway/subgraphs/config-schema.ts plugs in here, as
 *   `subgraphs: Type.Optional(SubgraphsSection.properties.subgraphs),
 *    supergraphSdl: Type.Optional(SubgraphsSection.properties.supergraphSdl)`.
 */
export const GATEWAY_FILE_SECTIONS: Record<string, TSchema> = {};

const SECTIONS: Partial<Record<Service, Record<string, TSchema>>> = { gateway: GATEWAY_FILE_SECTIONS };

/** A service's file keys as a tree: a leaf is the setting it sets. */
export interface KeyTree {
  [key: string]: KeyTree | Setting;
}

export const isSetting = (node: KeyTree | Setting): node is Setting => typeof (node as Setting).env === 'string';

export function keyTree(service: Service): KeyTree {
  const tree: KeyTree = {};
  for (const s of settingsOf(service)) {
    if (!s.key) continue;
    const path = s.key.split('.');
    let node = tree;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as KeyTree;
    node[path.at(-1)!] = s;
  }
  return tree;
}

function objectOf(tree: KeyTree): TObject {
  const properties: Record<string, TSchema> = {};
  for (const [key, node] of Object.entries(tree)) {
    properties[key] = Type.Optional(
      isSetting(node) ? Type.Unsafe({ ...node.kind.schema, description: `${node.doc} (${node.env}; ${node.kind.accepts})` }) : objectOf(node),
    );
  }
  return Type.Object(properties, { additionalProperties: false });
}

/** The JSON Schema of a service's configuration file (YAML or JSON), with unknown keys refused. */
export function fileSchema(service: Service): TObject {
  const schema = objectOf(keyTree(service));
  for (const [key, section] of Object.entries(SECTIONS[service] ?? {})) schema.properties[key] = Type.Optional(section);
  return schema;
}

export function fileSections(service: Service): Record<string, TSchema> {
  return SECTIONS[service] ?? {};
}

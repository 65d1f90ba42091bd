import type { Service, Setting } from './setting.js';
import { SETTINGS } from './settings/index.js';

export const BEGIN =
  '<!-- BEGIN configuration reference: generated from platform/config/settings by `npm run config:docs`; edit the catalogue, not this table -->';
export const END = '<!-- END configuration reference -->';

const SECTIONS: Array<{ title: string; has: (s: Setting) => boolean }> = [
  { title: 'Every service', has: (s) => ['gateway', 'node', 'regional'].every((x) => s.services.includes(x as Service)) },
  { title: 'Country nodes and the regional subgraph', has: (s) => s.services.includes('node') || s.services.includes('regional') },
  { title: 'Gateway', has: (s) => s.services.includes('gateway') },
  { title: '`npm start` and `npm run token`', has: () => true },
];

const USED_BY: Record<Service, string> = { gateway: 'gateway', node: 'node', regional: 'regional', start: '`npm start`', token: '`npm run token`' };
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The reference tables of docs/operations.md, one row per setting, from the catalogue alone. */
export function configurationReference(): string {
  const placed = new Set<Setting>();
  const parts = [BEGIN, ''];
  for (const section of SECTIONS) {
    const rows = SETTINGS.filter((s) => !placed.has(s) && section.has(s));
    if (!rows.length) continue;
    rows.forEach((s) => placed.add(s));
    parts.push(`#### ${section.title}`, '', '| variable | file key | used by | default | accepts | meaning |', '|---|---|---|---|---|---|');
    for (const s of rows) {
      const key = s.key ? `\`${s.key}\`` : '(environment only)';
      const usedBy = s.services.map((x) => USED_BY[x]).join(', ');
      parts.push(`| \`${s.env}\` | ${key} | ${usedBy} | ${cell(s.default)} | ${cell(s.kind.accepts)} | ${cell(s.doc)} |`);
    }
    parts.push('');
  }
  parts.push(END);
  return parts.join('\n');
}

/** `text` with its generated section replaced by the current reference. */
export function withReference(text: string): string {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error('the configuration reference markers are missing');
  return text.slice(0, begin) + configurationReference() + text.slice(end + END.length);
}

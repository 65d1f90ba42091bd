import fs from 'node:fs';
import path from 'node:path';
import { BEGIN, configurationReference, END, withReference } from '../platform/config/reference.js';
import { SETTINGS } from '../platform/config/settings/index.js';

const operations = path.resolve(__dirname, '../docs/operations.md');

test('the configuration reference in docs/operations.md is what `npm run config:docs` writes from the catalogue', () => {
  const text = fs.readFileSync(operations, 'utf8');
  // On failure: run `npm run config:docs` and commit docs/operations.md.
  expect(text.slice(text.indexOf(BEGIN), text.indexOf(END) + END.length)).toBe(configurationReference());
  expect(withReference(text)).toBe(text);
});

test('the reference has one row per setting, naming its variable and what it accepts', () => {
  const rows = configurationReference()
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  expect(rows.map((row) => /^\| `([^`]+)`/.exec(row)![1]).sort()).toEqual(SETTINGS.map((s) => s.env).sort());
  for (const s of SETTINGS) expect(rows.find((row) => row.startsWith(`| \`${s.env}\``))).toContain(s.kind.accepts.replaceAll('|', '\\|'));
});

test('a changed catalogue makes the committed reference stale', () => {
  const text = fs.readFileSync(operations, 'utf8');
  const edited = text.replace(/\| `DRAIN_MS` \|[^\n]*/, '| `DRAIN_MS` | edited by hand |');
  expect(edited).not.toBe(text);
  expect(withReference(edited)).toBe(text);
});

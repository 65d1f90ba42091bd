import fs from 'node:fs';
import path from 'node:path';
import { missingKeys } from '../web/shared/i18n.js';
import { editor } from '../web/shared/messages/editor.js';

/** The editor's interface text: English complete by type; Russian must lack nothing, and every key the code names must exist. */

test('Russian has every key English has', () => {
  expect(missingKeys(editor, 'ru')).toEqual([]);
  expect(Object.keys(editor.ru).filter((key) => !(key in editor.en))).toEqual([]);
});

test("every literal key the editor's code asks for is in the catalogue", () => {
  const dir = path.join(__dirname, '..', 'web', 'editor');
  const asked = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => /\.tsx?$/.test(f))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of source.matchAll(/\bt\('([\w.]+)'/g)) asked.add(m[1]);
    for (const m of source.matchAll(/key: '([\w.]+)'/g)) asked.add(m[1]);
  }
  expect(asked.size).toBeGreaterThan(50);
  expect([...asked].filter((key) => !(key in editor.en))).toEqual([]);
});

test('placeholders agree between the languages', () => {
  const names = (m: unknown) => [...new Set(JSON.stringify(m).match(/\{\w+\}/g) ?? [])].sort();
  const differing = (Object.keys(editor.en) as Array<keyof typeof editor.en>).filter(
    (key) => editor.ru[key] !== undefined && names(editor.ru[key]).join() !== names(editor.en[key]).join(),
  );
  expect(differing).toEqual([]);
});

import fs from 'node:fs';
import path from 'node:path';
import type { TextOrigin } from '../contract/enums.js';
import type { LocalizedText } from '../contract/localized-text.js';

/**
 * Reads `subgraphs/<subgraph>/seed/data/<file>`. Seed files stay beside the sources (tsc does not
 * copy JSON to dist), so the compiled code looks there too. Null when the file does not exist.
 */
export function readSeedData<T>(subgraph: 'country' | 'regional', file: string): { path: string; data: T } | null {
  const root = path.resolve(__dirname, '..');
  const candidates = [
    path.join(root, 'subgraphs', subgraph, 'seed', 'data', file),
    // From dist/shared: the repository root is one level further up.
    path.join(root, '..', 'subgraphs', subgraph, 'seed', 'data', file),
  ];
  const found = candidates.find((p) => fs.existsSync(p));
  return found ? { path: found, data: JSON.parse(fs.readFileSync(found, 'utf8')) as T } : null;
}

/** A seed file's localized text (`lang`), as the shape seed-format.ts declares. */
export interface SeedText {
  original: string;
  lang: string;
  translations: Array<{ lang: string; text: string; origin: string }>;
}

/** Seed files say `lang`; the stored LocalizedText says `originalLang` (its GraphQL shape). */
export function localizedFromSeed(text: SeedText): LocalizedText;
export function localizedFromSeed(text: SeedText | null | undefined): LocalizedText | null;
export function localizedFromSeed(text: SeedText | null | undefined): LocalizedText | null {
  if (!text) return null;
  return {
    original: text.original,
    originalLang: text.lang,
    translations: text.translations.map((t) => ({ lang: t.lang, text: t.text, origin: t.origin as TextOrigin })),
  };
}

import fs from 'node:fs';
import path from 'node:path';

/** The team's shared folder beside the repo holds the source documents the seed files quote. */
export const SEEDS_DIR = path.resolve(__dirname, '../../../shared/seeds');

/**
 * The text of one source document. A missing folder fails the test that needs it with one line
 * naming what is missing, rather than letting a verbatim check pass without reading anything
 * (CI always has the folder).
 */
export function seedDocument(name: string): string {
  if (!fs.existsSync(SEEDS_DIR)) {
    throw new Error(`source documents missing: no ${SEEDS_DIR} (put the team's shared/ folder beside the repo, as CI has it; see README "Tests")`);
  }
  const file = path.join(SEEDS_DIR, name);
  if (!fs.existsSync(file)) throw new Error(`source document missing: no ${file} (cited by a seed record)`);
  return fs.readFileSync(file, 'utf8');
}

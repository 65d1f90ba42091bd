import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * docs/screenshots/manifest.json: what each picture showed when `npm run screenshots` took it
 * (read from the page, not from the picture) and the picture's hash. tests/screenshots.test.ts
 * compares the overview's figures with the seed files, so a picture of other data is stale.
 */
export const SCREENSHOTS_DIR = 'docs/screenshots';
export const MANIFEST = `${SCREENSHOTS_DIR}/manifest.json`;

export interface OverviewFacts {
  /** The counts table: events, programmes and partnerships per country code. */
  counts: Record<string, { events: number; programmes: number; partnerships: number }>;
  /** Rows of "partners present in two or more countries". */
  partnersInSeveralCountries: number;
}

export interface ScreenshotManifest {
  takenAt: string;
  pictures: Record<string, { sha256: string }>;
  overview: OverviewFacts;
}

export const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

export function readManifest(root: string): ScreenshotManifest {
  return JSON.parse(fs.readFileSync(path.join(root, MANIFEST), 'utf8')) as ScreenshotManifest;
}

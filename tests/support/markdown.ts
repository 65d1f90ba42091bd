import fs from 'node:fs';
import path from 'node:path';

/**
 * Just enough Markdown for checking our documentation: fenced code blocks, links outside code,
 * and the anchors GitHub gives headings. A full parser (remark) would be a dependency for three
 * regular expressions over files we write ourselves.
 */

export const ROOT = path.resolve(__dirname, '../..');

/** The documentation a reader reaches from the README: the README, docs/, the benchmark pages and the seed rules. */
export function documentationFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs.sort(), 'bench/README.md', 'bench/RESULTS.md', 'subgraphs/country/seed/FIDELITY.md'];
}

export const readDoc = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

export interface CodeBlock {
  file: string;
  line: number;
  lang: string;
  code: string;
}

const FENCE = /^```([\w-]*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;

export function codeBlocks(file: string, text = readDoc(file)): CodeBlock[] {
  return [...text.matchAll(FENCE)].map((m) => ({ file, line: text.slice(0, m.index).split('\n').length, lang: m[1], code: m[2] }));
}

/** The text with fenced blocks and inline code spans blanked out (same length, so offsets stay valid). */
function prose(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return text.replace(FENCE, blank).replace(/`[^`\n]*`/g, blank);
}

export interface Link {
  file: string;
  line: number;
  target: string;
}

/** `[text](target)`, `![alt](target)` and `<http://…>` outside code. */
export function links(file: string, text = readDoc(file)): Link[] {
  const plain = prose(text);
  const found = [...plain.matchAll(/\]\(([^)\s]+)\)|<(https?:\/\/[^>\s]+)>/g)];
  return found.map((m) => ({ file, line: plain.slice(0, m.index).split('\n').length, target: m[1] ?? m[2] }));
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const ids = new Set<string>();
  for (const m of prose(text).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const heading = text.slice(m.index, m.index + m[0].length).replace(/^#+[ \t]+/, '');
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n ? `${base}-${n}` : base);
  }
  return ids;
}

/** The document whose "Asking across countries" section holds the IDE's example queries. */
export const EXAMPLES_FILE = 'docs/clients.md';

/**
 * The example queries of the client guide's "Asking across countries" section, each titled by the
 * sentence that introduces it. The IDE opens with them, so the guide and the IDE never drift.
 */
export function readmeExamples(readme: string, section = '## Asking across countries'): Array<{ title: string; query: string }> {
  const start = readme.indexOf(section);
  if (start < 0) throw new Error(`${EXAMPLES_FILE} has no "${section}" section`);
  const end = readme.indexOf('\n## ', start + section.length);
  const text = readme.slice(start, end < 0 ? undefined : end);
  const examples: Array<{ title: string; query: string }> = [];
  const fence = /```graphql\n([\s\S]*?)```/g;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const before =
      text
        .slice(0, match.index)
        .trimEnd()
        .split(/\n\s*\n/)
        .pop() ?? '';
    const sentence = before.replace(/\s+/g, ' ').replace(/`/g, '').trim();
    const title = sentence.split(/:(\s|$)/)[0].trim() || `Example ${examples.length + 1}`;
    examples.push({ title, query: match[1].trim() });
  }
  return examples;
}

/**
 * The documentation works as written: every relative link and anchor resolves, every `npm run`
 * names a script, the README fits on a screen or two, and every example runs — each
 * docs/examples/*.graphql operation, each ```graphql block and each curl command of the README
 * and docs/ — against a federation of the four seeded nodes over real HTTP. The tour's URLs are
 * pages the gateway serves.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readExamples } from '../scripts/examples.js';
import { startFederation, type TestFederation } from './support/federation.js';
import { anchors, codeBlocks, documentationFiles, links, readDoc, ROOT } from './support/markdown.js';
import { originOf, testToken } from './support/web.js';

const run = promisify(execFile);
const files = documentationFiles();
const LOCAL_GATEWAY = /^https?:\/\/(?:127\.0\.0\.1|localhost):4000(\/[^\s]*)?$/;

describe('links and commands (static)', () => {
  test('the README fits on a screen or two (at most 250 lines)', () => {
    expect(readDoc('README.md').split('\n').length).toBeLessThanOrEqual(250);
  });

  test('every relative link names an existing file, and every #anchor a heading of it', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const link of links(file)) {
        if (/^[a-z]+:/i.test(link.target)) continue; // http(s): the local gateway's are checked live below; CI has no network for others
        checked++;
        const [target, anchor] = link.target.split('#');
        const resolved = target ? path.resolve(ROOT, path.dirname(file), decodeURIComponent(target)) : path.join(ROOT, file);
        const where = `${file}:${link.line} → ${link.target}`;
        if (!fs.existsSync(resolved)) broken.push(`${where}: no such file`);
        else if (anchor && !(fs.statSync(resolved).isFile() && anchors(fs.readFileSync(resolved, 'utf8')).has(anchor)))
          broken.push(`${where}: no such heading`);
      }
    }
    expect(checked).toBeGreaterThan(20); // the scan itself finds links
    expect(broken).toEqual([]);
  });

  test('every fenced code block holds something (an unpaired fence shows up as an empty block)', () => {
    const empty = files.flatMap((file) =>
      codeBlocks(file)
        .filter((b) => !b.code.trim())
        .map((b) => `${b.file}:${b.line}`),
    );
    expect(empty).toEqual([]);
  });

  test('the anchor rule is GitHub’s', () => {
    expect([...anchors('# A b\n## Deploying a country node (what a country office runs)\n## `GET /x` and Ə\n## A b\n```\n# not a heading\n```')]).toEqual([
      'a-b',
      'deploying-a-country-node-what-a-country-office-runs',
      'get-x-and-ə',
      'a-b-1',
    ]);
  });

  test('every `npm run <script>` the docs mention is a script of package.json', () => {
    const scripts = Object.keys((JSON.parse(readDoc('package.json')) as { scripts: Record<string, string> }).scripts);
    const named = files.flatMap((file) => [...readDoc(file).matchAll(/npm run (?:-s |--silent )?([a-z][\w:-]*)/g)].map((m) => ({ file, script: m[1] })));
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n) => !scripts.includes(n.script))).toEqual([]);
  });

  test('the settings docs/operations.md lists are the ones the code reads, and every one it reads is documented', () => {
    const code = execFileSync('git', ['ls-files', 'contract/*.ts', 'platform/*.ts', 'gateway/*.ts', 'subgraphs/*.ts', 'scripts/*.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8'))
      .join('\n');
    const operations = readDoc('docs/operations.md');
    const listed = new Set(
      operations
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)(_<CC>)?`/g)].map((m) => m[1] + (m[2] ? '_' : ''))),
    );
    expect(listed.size).toBeGreaterThan(40);
    // A per-country setting (DATABASE_URL_<CC>) is read as a template literal.
    const reads = (name: string) => (name.endsWith('_') ? code.includes(`\`${name}\${`) : new RegExp(`(env\\.${name}\\b|['"\`]${name}['"\`])`).test(code));
    expect([...listed].filter((name) => !reads(name))).toEqual([]);
    // Set by the gateway for the library, not read from the operator.
    const notSettings = new Set(['APOLLO_TELEMETRY_DISABLED']);
    const documented = files.map(readDoc).join('\n');
    const read = new Set([...code.matchAll(/\b(?:env|process\.env)\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect([...read].filter((name) => !notSettings.has(name) && !documented.includes(name))).toEqual([]);
  });

  test('the client guide links every example file', () => {
    const guide = readDoc('docs/clients.md');
    expect(readExamples(ROOT).filter((e) => !guide.includes(`(examples/${e.file})`))).toEqual([]);
  });
});

/** Each root field answered, and a list or page among them not empty: an example that finds nothing shows nothing. */
function emptyParts(data: Record<string, unknown> | null | undefined): string[] {
  if (!data) return ['(no data)'];
  return Object.entries(data).flatMap(([field, value]) => {
    if (value === null) return [field];
    const list = Array.isArray(value) ? value : (value as { nodes?: unknown[] }).nodes;
    return Array.isArray(list) && list.length === 0 ? [`${field} (empty)`] : [];
  });
}

describe('examples run against the federation', () => {
  let fed: TestFederation;
  let editorToken: string;
  beforeAll(async () => {
    [fed, editorToken] = await Promise.all([startFederation(), testToken('KG')]);
  }, 180000);
  afterAll(async () => {
    await fed?.stop();
  });

  test('every docs/examples operation answers without errors and finds something', async () => {
    const examples = readExamples(ROOT);
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const example of examples) {
      const headers = example.operationType === 'mutation' ? { authorization: `Bearer ${editorToken}` } : undefined;
      const res = await fed.query(example.text, undefined, headers);
      expect({ file: example.file, errors: res.errors, empty: emptyParts(res.data) }).toEqual({ file: example.file, errors: undefined, empty: [] });
    }
  });

  test('every ```graphql block of the README and docs/ answers without errors', async () => {
    const blocks = files.flatMap((file) => codeBlocks(file).filter((b) => b.lang === 'graphql'));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      // A KG editor's token: reads are open to anyone, and a record's history (the client guide's
      // example reads a KG event's) is shown to its country's editors and to analysts.
      const res = await fed.query(block.code, undefined, { authorization: `Bearer ${editorToken}` });
      expect({ at: `${block.file}:${block.line}`, errors: res.errors, empty: emptyParts(res.data) }).toEqual({
        at: `${block.file}:${block.line}`,
        errors: undefined,
        empty: [],
      });
    }
  });

  test('every shell block with a curl to the gateway runs as written (with this gateway’s address) and gets data', async () => {
    const tokenScript = path.join(ROOT, 'dist/scripts/token.js');
    if (!fs.existsSync(tokenScript)) throw new Error('dist/scripts/token.js is missing: run `npm run build` first (npm test does)');
    const address = originOf(fed.gateway.url).replace(/^http:\/\//, '');
    const blocks = files.flatMap((file) => codeBlocks(file).filter((b) => b.lang === 'sh' && /curl [^\n]*(localhost|127\.0\.0\.1):4000/.test(b.code)));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      // `npm run -s token` is `node dist/scripts/token.js` (npm itself is not what is checked here).
      const script = block.code
        .replace(/\b(localhost|127\.0\.0\.1):4000\b/g, address)
        .replace(/npm run -s token --/g, `node ${JSON.stringify(tokenScript)}`)
        // One answer a line, to tell them apart.
        .replace(/\bcurl /g, "curl -w '\\n' ");
      // TOKEN for a block that uses the one an earlier block made ("$TOKEN as above").
      const env = { ...process.env, TOKEN: editorToken };
      if (/\/export\//.test(block.code)) {
        // A bulk export writes files (`-o`): run it in a scratch folder and check each file is complete.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-export-'));
        try {
          await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, env, timeout: 30000 });
          const outputs = [...block.code.matchAll(/-o (\S+)/g)].map((m) => m[1]!);
          expect(outputs.length).toBeGreaterThan(0);
          for (const name of outputs) {
            const lines = fs.readFileSync(path.join(dir, name), 'utf8').trim().split(/\r?\n/);
            expect({
              at: `${block.file}:${block.line}`,
              file: name,
              rows: lines.length > 1,
              last: lines.at(-1)!.startsWith('{"end"') || lines.at(-1)!.startsWith('#end'),
            }).toEqual({
              at: `${block.file}:${block.line}`,
              file: name,
              rows: true,
              last: true,
            });
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        continue;
      }
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, env, timeout: 30000 });
      const answers = stdout
        .trim()
        .split('\n')
        .map((s) => JSON.parse(s) as { data?: Record<string, unknown>; errors?: unknown[] });
      expect(answers.length).toBeGreaterThan(0);
      for (const answer of answers) {
        expect({ at: `${block.file}:${block.line}`, errors: answer.errors, empty: emptyParts(answer.data) }).toEqual({
          at: `${block.file}:${block.line}`,
          errors: undefined,
          empty: [],
        });
      }
    }
  });

  test('the http://127.0.0.1:4000 links of the README and docs are pages the gateway serves', async () => {
    const local = files.flatMap((file) => links(file).filter((l) => LOCAL_GATEWAY.test(l.target)));
    expect(local.map((l) => new URL(l.target).pathname)).toEqual(expect.arrayContaining(['/', '/editor', '/graphql']));
    for (const link of local) {
      const res = await fetch(new URL(new URL(link.target).pathname, originOf(fed.gateway.url)), { headers: { accept: 'text/html' } });
      expect({ link: link.target, status: res.status, type: res.headers.get('content-type') }).toEqual({
        link: link.target,
        status: 200,
        type: expect.stringMatching(/^text\/html/),
      });
    }
  });
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// The layers (docs/architecture.md "Layout") and "no import circles", checked by
// dependency-cruiser with the committed .dependency-cruiser.cjs: declarative rules a person can
// read and run alone (`npm run check:structure`), ~7 s over the repo where eslint's
// import/no-cycle takes minutes. Its CLI, not its API: the package is ESM-only and jest runs
// CommonJS.

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const FOLDERS = ['contract', 'platform', 'gateway', 'subgraphs', 'scripts', 'bench', 'web', 'tests'];

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: Array<{ name: string }>;
}

async function cruise(cwd: string, folders: string[]): Promise<{ modules: number; violations: Violation[] }> {
  const { stdout } = await run(process.execPath, [CLI, '--config', CONFIG, '--output-type', 'json', ...folders], {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => {
    // Exit code 1 with violations: the JSON report is still on stdout.
    if (error.stdout) return { stdout: error.stdout };
    throw error;
  });
  const report = JSON.parse(stdout) as { modules: unknown[]; summary: { violations: Violation[] } };
  return { modules: report.modules.length, violations: report.summary.violations };
}

const describeViolation = (v: Violation) => `${v.rule.name}: ${v.from} -> ${v.cycle ? v.cycle.map((c) => c.name).join(' -> ') : v.to}`;

test('the repo: contract/ imports only itself, platform/ no service, the gateway no embedded PostgreSQL, no circles', async () => {
  const { modules, violations } = await cruise(ROOT, FOLDERS);
  expect(modules).toBeGreaterThan(300);
  expect(violations.map(describeViolation)).toEqual([]);
});

describe('each rule catches what it forbids (a scratch tree)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'structure-'));
    const files: Record<string, string> = {
      'contract/codes.ts': "import { serve } from '../platform/server.js';\nexport const codes = serve;\n",
      'platform/server.ts': "import { plan } from '../gateway/plan.js';\nexport const serve = plan;\n",
      'platform/embedded-pg/cluster.ts': 'export const start = 1;\n',
      'platform/shutdown.ts': "import { start } from './embedded-pg/cluster.js';\nexport const stop = start;\n",
      'gateway/plan.ts': "import { run } from './run.js';\nimport { stop } from '../platform/shutdown.js';\nexport const plan = () => run + stop;\n",
      'gateway/run.ts': "import { plan } from './plan.js';\nexport const run = () => plan;\n",
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }),
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('an upward import, a circle and embedded PostgreSQL reached from the gateway are each reported', async () => {
    const { violations } = await cruise(dir, ['contract', 'platform', 'gateway']);
    const found = violations.map(describeViolation);
    expect(found).toEqual(
      expect.arrayContaining([
        'contract-imports-only-contract: contract/codes.ts -> platform/server.ts',
        'platform-imports-no-service: platform/server.ts -> gateway/plan.ts',
        'gateway-without-embedded-postgres: gateway/plan.ts -> platform/embedded-pg/cluster.ts',
        expect.stringMatching(/^no-circular: gateway\/(plan|run)\.ts -> /),
      ]),
    );
  });
});

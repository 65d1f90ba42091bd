/**
 * The layers of the repo (docs/architecture.md "Layout"), checked by tests/structure.test.ts:
 * contract/ is what gateway and nodes agree on and imports nothing of ours but itself; platform/
 * imports only contract/; the services import both. No import circles anywhere.
 */
const SERVICES = '^(gateway|subgraphs|scripts|bench|web|tests)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle: two modules that cannot be understood, tested or loaded apart.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-imports-only-contract',
      comment: 'contract/ is the agreement between gateway and nodes: no platform code, no service.',
      severity: 'error',
      from: { path: '^contract/' },
      to: { path: '^(platform|gateway|subgraphs|scripts|bench|web|tests)/' },
    },
    {
      name: 'platform-imports-no-service',
      comment: 'platform/ serves every service, so it cannot depend on one.',
      severity: 'error',
      from: { path: '^platform/' },
      to: { path: SERVICES },
    },
    {
      name: 'gateway-without-embedded-postgres',
      comment: 'The gateway has no database: nothing it loads may start an embedded PostgreSQL.',
      severity: 'error',
      from: { path: '^gateway/' },
      to: { path: '^platform/(embedded-pg/|database\\.ts)', reachable: true },
    },
    {
      name: 'no-service-imports-another',
      comment: 'gateway/ and subgraphs/ talk over HTTP only; tests, scripts and bench may use both.',
      severity: 'error',
      from: { path: '^gateway/' },
      to: { path: '^(subgraphs|scripts|bench|web|tests)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};

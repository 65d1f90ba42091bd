/** Tests run the TypeScript sources through swc (decorator metadata on, as tsc emits it). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs', ignoreDynamic: true },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // One embedded PostgreSQL for the whole run unless TEST_DATABASE_URL names a server (tests/support/db.ts).
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 60000,
  // Two, the cores of the project's machine: each worker also runs the servers its tests start, so
  // more workers only queue for the same cores (measured: README "Tests", docs/architecture.md).
  maxWorkers: 2,
};

// Four tiers, one run: `npm run test:all`, or one tier with `--selectProjects <name>`.
// A single embedded PostgreSQL serves every tier (see test/support/global-setup.ts).
const transform = {
  '^.+\\.ts$': ['@swc/jest', { swcrc: true }],
};
const moduleNameMapper = {
  '^@academy/(.*)$': '<rootDir>/libs/$1/src/index.ts',
};
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  transform,
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
  ...extra,
});

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  transform,
  moduleNameMapper,
  testTimeout: 30_000,
  // Two suites at a time: each has a database of its own on the shared server, and the suite
  // takes about 11 minutes instead of 19 on a 2-core machine.
  maxWorkers: 2,
  projects: [
    project('unit', ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/lint/**/*.spec.ts']),
    project('integration', ['<rootDir>/{apps,libs,migrations}/**/*.int-spec.ts']),
    project('e2e', ['<rootDir>/test/e2e/**/*.e2e-spec.ts']),
    project('browser', ['<rootDir>/test/browser/**/*.browser-spec.ts']),
  ],
};

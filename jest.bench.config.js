// `npm run bench`: the benchmarks in bench/, on the same throwaway PostgreSQL as the tests.
const base = require('./jest.config.js');

module.exports = {
  globalSetup: base.globalSetup,
  globalTeardown: base.globalTeardown,
  transform: base.transform,
  moduleNameMapper: base.moduleNameMapper,
  rootDir: __dirname,
  testMatch: ['<rootDir>/bench/**/*.bench.ts'],
  testEnvironment: 'node',
  testTimeout: 120_000,
  maxWorkers: 1,
  testSequencer: '<rootDir>/bench/order.mjs',
};

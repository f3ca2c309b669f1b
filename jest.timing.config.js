// The time limits the platform promises (a cold start under 15 s), measured after the other
// tiers, one test at a time: with a second suite beside it on a 2-core machine, a test would time
// that suite as much as the platform. Part of `npm test` (`npm run test:timing`).
const base = require('./jest.config.js');

module.exports = {
  transform: base.transform,
  moduleNameMapper: base.moduleNameMapper,
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/timing/**/*.timing-spec.ts'],
  testEnvironment: 'node',
  testTimeout: 120_000,
  maxWorkers: 1,
};

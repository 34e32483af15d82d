import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/build-lib.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on the CI machine: more workers only contend for them.
    maxWorkers: 2,
  },
});

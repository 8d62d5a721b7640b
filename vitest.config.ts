import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each API test does real scrypt work (~60 ms a call); two workers suit the 2-core machines.
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
  },
});

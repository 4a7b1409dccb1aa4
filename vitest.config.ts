// Vitest configuration: tests mirror the source tree under test/; coverage covers the source folders.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['model/**', 'schedulers/**', 'scenarios/**', 'properties/**', 'cli/**'],
    },
  },
});

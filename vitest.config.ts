// Vitest configuration: tests mirror the source tree under test/; coverage covers the source folders.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: on a loaded 2-core machine a scenario suite's beforeAll took over 10 s. Timeouts are not
    // assertions; no test here asserts on elapsed time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One module graph per worker instead of one per file: the simulator and statechart modules are
    // imported once, which halves the suite's CPU time (every run creates fresh scheduler and kernel
    // instances, so no state carries between files). Both cores: vitest's default leaves one idle.
    isolate: false,
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['model/**', 'schedulers/**', 'scenarios/**', 'properties/**', 'cli/**', 'bpf/**'],
    },
  },
});

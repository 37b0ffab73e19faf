import os from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default leaves a core free (one file at a time on two cores), but the end-to-end files spend
    // much of their time waiting on the kb processes they start: two files at once, at least.
    maxWorkers: Math.max(2, os.availableParallelism() - 1)
  }
})

import { defineConfig } from 'vitest/config'

/** The reliability suite (npm run test:reliability): load, faults, crashes, fuzzing; minutes, not seconds. */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
})

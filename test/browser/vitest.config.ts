import { defineConfig } from 'vitest/config'

/** The browser tests: the built UI (web/dist) served by a real app, driven by Debian's chromium. */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/browser/**/*.browser.ts'],
    pool: 'forks',
    // One chromium at a time: the machines have two cores.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
})

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Unit tests live beside the code; integration tests drive the app over HTTP from test/.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The reliability suite runs on its own: npm run test:reliability.
    exclude: ['test/reliability/**', '**/node_modules/**'],
    // Each file in its own process: PGlite (WASM) and the pg pool are not shared between suites.
    pool: 'forks',
    // The machines have two cores; more workers only make the concurrency tests slower.
    maxWorkers: 2,
    // Starting PGlite and migrating takes about a second; the parallel-placement tests a few more.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    slowTestThreshold: 5_000,
  },
})

import { defineConfig } from 'vitest/config'

// Browser tests: the real product in a child process, driven through Chromium. One fork, one
// file at a time (each file starts its own product and browser), generous timeouts for CI.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/browser/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    retry: process.env.CI ? 1 : 0,
  },
})

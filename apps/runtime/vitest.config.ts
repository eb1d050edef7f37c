import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // The CLI tests start the real `charla` bin, which compiles TypeScript on the way in.
    testTimeout: 30_000,
  },
})

import { defineConfig } from 'vitest/config'

// Property tests run hundreds of generated cases; on a loaded 2-core CI machine the default
// 5 s per test is too tight, and a timeout there says nothing about the code.
export default defineConfig({ test: { testTimeout: 60_000 } })

#!/usr/bin/env node
// The `charla` command. It runs the TypeScript sources through tsx so that a fresh clone works
// right after `pnpm install`, with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')

// pnpm runs scripts from the package or workspace root and records where the user was in
// INIT_CWD; relative file names are meant from there.
process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
})

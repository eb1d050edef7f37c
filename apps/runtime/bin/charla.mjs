#!/usr/bin/env node
// The `charla` command. It runs the TypeScript sources through tsx so that a fresh clone works
// right after `pnpm install`, with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
const { readSecret } = await import('../src/cli/readSecret.ts')

// pnpm runs scripts from the package or workspace root and records where the user was in
// INIT_CWD; relative file names are meant from there.
process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.env.INIT_CWD ?? process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  readSecret: (prompt) => readSecret(prompt, process.stdin, process.stderr),
  interactive: Boolean(process.stdin.isTTY),
  untilStopped: () =>
    new Promise((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    }),
})
// A stopped server leaves nothing behind that should keep the process alive.
if (process.argv[2] === 'serve') process.exit(process.exitCode)

import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../bin/charla.mjs', import.meta.url))
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url))
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface CharlaRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs the real `charla` bin in a child process, as a user's shell would.
 *
 * @param options.cwd the process's working directory (default: the fixtures folder).
 * @param options.initCwd what pnpm would put in INIT_CWD; absent unless given.
 */
export function runCharla(
  args: string[],
  options: { cwd?: string; initCwd?: string } = {},
): Promise<CharlaRun> {
  // The test runner itself is started by pnpm, which set INIT_CWD: do not leak it.
  const { INIT_CWD: _ignored, ...env } = process.env
  if (options.initCwd) env.INIT_CWD = options.initCwd
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? FIXTURES, env, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

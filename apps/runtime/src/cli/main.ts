import type { CliIo } from './CliIo'
import { EXIT } from './exitCodes'
import { FLOW_USAGE, USAGE } from './usage'
import { serveCommand } from './serveCommand'
import { tokenCommand, userCommand } from './authCommands'
import { validateCommand } from './validateCommand'
import { exportBundleCommand, keysCommand } from './bundleCommands'

const HELP = new Set(['-h', '--help', 'help'])

/**
 * Entry point of the `charla` command: dispatches on the first words of `argv`.
 *
 * @returns the process exit code (see `exitCodes.ts`).
 */
export async function main(io: CliIo): Promise<number> {
  const [command, ...rest] = io.argv
  if (command === undefined) {
    io.stderr(USAGE)
    return EXIT.badInput
  }
  if (HELP.has(command)) {
    io.stdout(USAGE)
    return EXIT.ok
  }
  if (command === 'flow') return flowCommand(rest, io)
  if (command === 'serve') return serveCommand(rest, io)
  if (command === 'user') return userCommand(rest, io)
  if (command === 'token') return tokenCommand(rest, io)
  if (command === 'keys') return keysCommand(rest, io)
  io.stderr(`charla: unknown command "${command}"\n\n${USAGE}`)
  return EXIT.badInput
}

async function flowCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'validate' || sub === 'lint') return validateCommand(rest, io)
  if (sub === 'export') return exportBundleCommand(rest, io)
  if (sub !== undefined && HELP.has(sub)) {
    io.stdout(FLOW_USAGE)
    return EXIT.ok
  }
  io.stderr(
    `${sub === undefined ? 'charla flow: name a subcommand' : `charla flow: unknown subcommand "${sub}"`}\n\n${FLOW_USAGE}`,
  )
  return EXIT.badInput
}

import { parseArgs } from 'node:util'
import { checkFlowFile } from './checkFlowFile'
import type { CliIo } from './CliIo'
import { exitCodeFor } from './exitCodeFor'
import { EXIT, type ExitCode } from './exitCodes'
import { formatReport } from './formatReport'
import { FLOW_USAGE } from './usage'

/** `charla flow validate|lint [--json] <file.json...>`. */
export async function validateCommand(args: string[], io: CliIo): Promise<ExitCode> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    })
  } catch (err) {
    io.stderr(`charla: ${err instanceof Error ? err.message : String(err)}\n\n${FLOW_USAGE}`)
    return EXIT.badInput
  }
  const { values, positionals: files } = parsed
  if (values.help) {
    io.stdout(FLOW_USAGE)
    return EXIT.ok
  }
  if (files.length === 0) {
    io.stderr(`charla: name at least one flow file\n\n${FLOW_USAGE}`)
    return EXIT.badInput
  }

  // One at a time, so the output follows the order of the command line.
  const reports = []
  for (const file of files) reports.push(await checkFlowFile(file, io.cwd))
  const code = exitCodeFor(reports)

  if (values.json)
    io.stdout(`${JSON.stringify({ ok: code === EXIT.ok, files: reports }, null, 2)}\n`)
  else io.stdout(formatReport(reports))
  return code
}

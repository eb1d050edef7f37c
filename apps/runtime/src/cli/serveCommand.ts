import { parseFlow } from '@charla/flow-schema'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { readServerConfig } from '../readServerConfig'
import { startRuntime } from '../startRuntime'
import { checkFlowFile } from './checkFlowFile'
import type { CliIo } from './CliIo'
import { EXIT } from './exitCodes'
import { formatReport } from './formatReport'

/**
 * `charla serve --flow <file.json>`: a runtime deployed per Page. The flow must be publishable;
 * it is published to the Page at start (a new version only if it changed) and served until the
 * process is stopped.
 */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const at = args.indexOf('--flow')
  const file = at >= 0 ? args[at + 1] : undefined
  if (!file) {
    io.stderr('charla serve: name the flow to serve: charla serve --flow <file.json>\n')
    return EXIT.badInput
  }
  const report = await checkFlowFile(file, io.cwd)
  if (report.outcome !== 'publishable') {
    io.stderr(formatReport([report]))
    return report.outcome === 'unreadable' ? EXIT.badInput : EXIT.notPublishable
  }
  const parsed = parseFlow(await readFile(resolve(io.cwd, file), 'utf8'))
  if (!parsed.ok) return EXIT.notPublishable
  let config
  try {
    config = readServerConfig(io.env)
  } catch (err) {
    io.stderr(`charla serve: ${err instanceof Error ? err.message : String(err)}\n`)
    return EXIT.badInput
  }
  const runtime = await startRuntime(config, { publish: [parsed.flow] })
  const where = config.page ? `Page ${config.page.pageId}` : 'the demo Page (Messenger emulator)'
  io.stdout(
    `Charla runtime listening on ${runtime.url}, serving "${parsed.flow.name}" to ${where}\n`,
  )
  await io.untilStopped()
  await runtime.stop()
  return EXIT.ok
}

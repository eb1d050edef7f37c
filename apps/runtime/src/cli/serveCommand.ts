import { readServerConfig } from '../readServerConfig'
import { startRuntime } from '../startRuntime'
import { inspectFlowFile } from './checkFlowFile'
import type { CliIo } from './CliIo'
import { EXIT } from './exitCodes'
import { formatReport } from './formatReport'
import { serveBundleCommand } from './bundleCommands'

/**
 * `charla serve --flow <file.json>`: a runtime deployed per Page. The flow must be publishable;
 * it is published to the Page at start (a new version only if it changed) and served until the
 * process is stopped.
 */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--bundle')) return serveBundleCommand(args, io)
  const at = args.indexOf('--flow')
  const file = at >= 0 ? args[at + 1] : undefined
  if (!file) {
    io.stderr(
      'charla serve: name the flow to serve: charla serve --flow <file.json> (or --bundle <bundle.json>)\n',
    )
    return EXIT.badInput
  }
  // One read and one parse: what is served is exactly what was checked.
  const { report, flow } = await inspectFlowFile(file, io.cwd)
  if (report.outcome !== 'publishable' || !flow) {
    io.stderr(formatReport([report]))
    return report.outcome === 'unreadable' ? EXIT.badInput : EXIT.notPublishable
  }
  let config
  try {
    config = readServerConfig(io.env)
  } catch (err) {
    io.stderr(`charla serve: ${err instanceof Error ? err.message : String(err)}\n`)
    return EXIT.badInput
  }
  const runtime = await startRuntime(config, { publish: [flow] })
  const where = config.page ? `Page ${config.page.pageId}` : 'the demo Page (Messenger emulator)'
  io.stdout(`Charla runtime listening on ${runtime.url}, serving "${flow.name}" to ${where}\n`)
  await io.untilStopped()
  await runtime.stop()
  return EXIT.ok
}

import { loadExampleFlows } from './loadExampleFlows'
import { readServerConfig, type ServerConfig } from './readServerConfig'
import { startRuntime } from './startRuntime'

// The process entry point (`pnpm start`): the only file that reads the environment.

let config: ServerConfig
try {
  config = readServerConfig(process.env)
} catch (err) {
  console.error(`charla: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}

let runtime: Awaited<ReturnType<typeof startRuntime>>
try {
  // On a fresh install the demo Page talks with the example lead form.
  const publish = config.emulator && !config.page ? await loadExampleFlows(['lead-form']) : []
  runtime = await startRuntime(config, { publish })
} catch (err) {
  console.error(`charla: could not start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
console.log(`Charla runtime listening on ${publicUrl(config.host, runtime.url)}`)

/** Long enough to finish a step in flight; short enough that a stuck close does not hang a deploy. */
const FORCE_EXIT_AFTER_MS = 10_000
let closing = false
const onSignal = (signal: NodeJS.Signals) => {
  if (closing) process.exit(1)
  closing = true
  runtime.app.log.info({ signal }, 'closing')
  setTimeout(() => process.exit(1), FORCE_EXIT_AFTER_MS).unref()
  runtime.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`charla: error while closing: ${String(err)}`)
      process.exit(1)
    },
  )
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

/** A URL a person can open: wildcard hosts are shown as localhost. */
function publicUrl(host: string, url: string): string {
  return host === '0.0.0.0' || host === '::'
    ? url.replace(/\/\/[^:/]+|\/\/\[[^\]]+\]/, '//localhost')
    : url
}

import { buildApp } from './app'
import { closeOnSignals } from './closeOnSignals'
import { readServerConfig, type ServerConfig } from './readServerConfig'

// The process entry point (`pnpm start`): the only file that reads the environment and listens.

let config: ServerConfig
try {
  config = readServerConfig(process.env)
} catch (err) {
  console.error(`charla: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}

const app = await buildApp({ logger: { level: config.logLevel } })
closeOnSignals(app, (code) => process.exit(code))

try {
  await app.listen({ port: config.port, host: config.host })
} catch (err) {
  console.error(`charla: could not listen on ${config.host}:${config.port}: ${String(err)}`)
  process.exit(1)
}
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : config.port
console.log(`Charla runtime listening on ${publicUrl(config.host, port)}`)

/** A URL a person can open: wildcard hosts are shown as localhost. */
function publicUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::'
  const name = wildcard ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${name}:${port}`
}

export interface ServerConfig {
  port: number
  host: string
  logLevel: string
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/**
 * The server's settings from environment variables, with defaults that suit a laptop:
 * `PORT` (3000), `HOST` (127.0.0.1: reachable from this machine only; set `0.0.0.0` in a
 * container or to expose it on the network) and `LOG_LEVEL` (info).
 *
 * @throws Error naming the variable when a value is not usable.
 */
export function readServerConfig(env: Record<string, string | undefined>): ServerConfig {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (0-65535), not "${env.PORT}"`)
  const logLevel = env.LOG_LEVEL ?? 'info'
  if (!LOG_LEVELS.includes(logLevel))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`)
  return { port, host: env.HOST || '127.0.0.1', logLevel }
}

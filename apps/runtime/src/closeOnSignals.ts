import type { FastifyInstance } from 'fastify'

/** Long enough for in-flight requests; short enough that a stuck close does not hang a deploy. */
const FORCE_EXIT_AFTER_MS = 10_000

/**
 * On SIGINT or SIGTERM, stop taking connections, let in-flight requests finish, then exit.
 * A second signal, or a close that takes too long, exits at once.
 */
export function closeOnSignals(app: FastifyInstance, exit: (code: number) => void): void {
  let closing = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return exit(1)
    closing = true
    app.log.info({ signal }, 'closing')
    const timer = setTimeout(() => exit(1), FORCE_EXIT_AFTER_MS)
    timer.unref()
    app.close().then(
      () => exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error while closing')
        exit(1)
      },
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

import type { Emulator } from '@charla/emulator'
import type { Storage } from '@charla/storage'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { errorHandler, notFoundHandler } from './errorHandler'
import { flowRoutes } from './routes/flowRoutes'
import { healthRoutes } from './routes/healthRoutes'
import { messengerWebhookRoutes } from './routes/messengerWebhookRoutes'

/** What the app needs from outside; `startRuntime` (or a test) builds them. */
export interface AppDeps {
  /** Fastify's logger option: `false` in tests, a pino config in `server.ts`. */
  logger?: FastifyServerOptions['logger']
  /** The Messenger webhook, when the runtime has storage. */
  messenger?: { storage: Storage; now: () => number; onEvents: () => void }
  /** The Messenger emulator, mounted under /emulator. */
  emulator?: Emulator
}

/**
 * The runtime as a Fastify instance, ready to `inject()` or `listen()`. It never listens,
 * reads the environment or touches the disk itself: `server.ts` does, so tests build the same
 * app without a port.
 */
export async function buildApp(deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false })
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  await app.register(healthRoutes)
  await app.register(flowRoutes, { prefix: '/api/flows' })
  if (deps.messenger)
    await app.register(messengerWebhookRoutes, { prefix: '/webhooks/messenger', ...deps.messenger })
  if (deps.emulator) {
    const { emulatorPlugin } = await import('@charla/emulator')
    await app.register(emulatorPlugin, { prefix: '/emulator', emulator: deps.emulator })
  }
  return app
}

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { errorHandler, notFoundHandler } from './errorHandler'
import { healthRoutes } from './routes/healthRoutes'
import { flowRoutes } from './routes/flowRoutes'

/** What the app needs from outside. It grows with storage and the Messenger client. */
export interface AppDeps {
  /** Fastify's logger option: `false` in tests, a pino config in `server.ts`. */
  logger?: FastifyServerOptions['logger']
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
  return app
}

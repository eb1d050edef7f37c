import type { FastifyPluginAsync } from 'fastify'
import { controlRoutes } from './controlRoutes'
import type { Emulator } from './Emulator'
import { graphRoutes } from './graphRoutes'

export interface EmulatorPluginOptions {
  emulator: Emulator
}

/**
 * Mounts the emulator: the Graph API under `/graph` (so CHARLA_GRAPH_API_URL is
 * `<origin><prefix>/graph`) and the control API under `/_control`. A plain encapsulated plugin:
 * its error handlers and parsers stay inside the prefix.
 * The control API can make signed webhooks: mount it only where the admin API's auth applies,
 * with an app secret used for nothing else.
 */
export const emulatorPlugin: FastifyPluginAsync<EmulatorPluginOptions> = async (
  app,
  { emulator },
) => {
  // Hanging calls would keep the server from closing.
  app.addHook('preClose', async () => emulator.close())
  await app.register(graphRoutes, { prefix: '/graph', emulator })
  await app.register(controlRoutes, { prefix: '/_control', emulator })
}

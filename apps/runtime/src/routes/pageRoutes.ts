import type { Storage } from '@charla/storage'
import type { FastifyPluginAsync } from 'fastify'

/**
 * `GET /api/pages`: the Pages a flow can be published to. Only what the editor shows: never a
 * token or a secret, never the simulator's throwaway Pages.
 */
export const pageRoutes: FastifyPluginAsync<{ storage: Storage }> = async (app, { storage }) => {
  app.get('/', async () => {
    const pages = await storage.pages.list()
    return {
      pages: pages
        .filter((p) => p.kind === 'connected')
        .map((p) => ({ id: p.id, name: p.name, status: p.status })),
    }
  })
}

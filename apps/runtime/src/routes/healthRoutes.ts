import type { FastifyPluginAsync } from 'fastify'

/** `GET /health`: answers while the process can serve requests (for load balancers). */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', async () => ({ status: 'ok' }))
}

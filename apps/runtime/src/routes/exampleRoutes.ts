import type { FastifyPluginAsync } from 'fastify'
import { listExampleFlows } from '../flows/exampleFlows'

/** `GET /api/examples`: the example flows a new flow can start from (`POST /api/flows { example }`). */
export const exampleRoutes: FastifyPluginAsync<{ examplesDir: string }> = async (app, opts) => {
  app.get('/', async () => {
    const examples = await listExampleFlows(opts.examplesDir)
    return {
      examples: examples.map(({ id, flow }) => ({
        id,
        name: flow.name,
        description: flow.description ?? '',
        nodeCount: flow.nodes.length,
      })),
    }
  })
}

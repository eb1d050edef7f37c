import { idSchema } from '@charla/flow-schema'
import type { Storage } from '@charla/storage'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { errorBody } from '../errorHandler'
import { movableConversations } from '../pages/movableConversations'
import { readJsonBody, takeJsonAsText } from './jsonBody'
import { publishedBy } from './publishedBy'

const pageBody = z.strictObject({ pageId: z.string().min(1).max(200) })
const pageQuery = z.object({ pageId: z.string().min(1).max(200) })

/**
 * Versions beyond publishing (under `/api/flows`): the history of what went live, one-click
 * rollback to an older version, and moving waiting conversations to the live version.
 */
export const versionRoutes: FastifyPluginAsync<{ storage: Storage; now: () => number }> = async (
  app,
  { storage, now },
) => {
  takeJsonAsText(app)
  const flowId = (id: string) => (idSchema.safeParse(id).success ? id : undefined)

  app.get<{ Params: { id: string } }>('/:id/history', async (request, reply) => {
    const id = flowId(request.params.id)
    if (!id) return reply.status(404).send(errorBody('not_found', 'there is no such flow'))
    return { history: await storage.flows.history(id) }
  })

  app.post<{ Params: { id: string; versionId: string } }>(
    '/:id/versions/:versionId/rollback',
    async (request, reply) => {
      const body = readJsonBody(request, reply, pageBody)
      if (!body) return reply
      const version = await storage.flows.getVersion(request.params.versionId)
      if (!version || version.flowId !== request.params.id)
        return reply
          .status(404)
          .send(errorBody('not_found', `flow "${request.params.id}" has no such version`))
      const page = await storage.pages.get(body.pageId)
      if (!page || page.kind !== 'connected')
        return reply.status(404).send(errorBody('not_found', `there is no Page "${body.pageId}"`))
      const by = publishedBy(request)
      await storage.flows.makeLive(version.id, page.id, now(), by ? { publishedBy: by } : {})
      request.log.info(
        { flowId: version.flowId, number: version.number, pageId: page.id },
        'rolled back',
      )
      return { version: { id: version.id, number: version.number, flowId: version.flowId } }
    },
  )

  app.get<{ Params: { id: string } }>('/:id/migration', async (request, reply) => {
    const query = pageQuery.safeParse(request.query)
    if (!query.success)
      return reply.status(400).send(errorBody('bad_request', 'say which Page: ?pageId=…'))
    const plan = await movableConversations(storage, query.data.pageId, request.params.id)
    if (!plan)
      return reply
        .status(404)
        .send(errorBody('not_found', `flow "${request.params.id}" is not live on that Page`))
    return {
      target: { versionId: plan.target.id, number: plan.target.number },
      movable: plan.movable.length,
      staying: plan.staying.length,
    }
  })

  app.post<{ Params: { id: string } }>('/:id/migration', async (request, reply) => {
    const body = readJsonBody(request, reply, pageBody)
    if (!body) return reply
    const plan = await movableConversations(storage, body.pageId, request.params.id)
    if (!plan)
      return reply
        .status(404)
        .send(errorBody('not_found', `flow "${request.params.id}" is not live on that Page`))
    let moved = 0
    for (const c of plan.movable) {
      // Optimistic: a conversation that stepped meanwhile keeps its version this time.
      const ok = await storage.conversations.save(
        { pageId: c.pageId, psid: c.psid, flowVersionId: plan.target.id, state: c.state },
        c.version,
        now(),
      )
      if (ok) moved++
    }
    return { moved, staying: plan.staying.length + plan.movable.length - moved }
  })
}

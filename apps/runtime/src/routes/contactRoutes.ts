import type { Storage } from '@charla/storage'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { errorBody } from '../errorHandler'

const params = z.object({
  pageId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  psid: z.string().regex(/^[0-9A-Za-z_-]{1,128}$/),
})

/**
 * `/api/contacts/:pageId/:psid`: one person's data. `GET …/export` downloads everything stored
 * about them as JSON (their right of access); `DELETE` removes it from every table.
 */
export const contactRoutes: FastifyPluginAsync<{ storage: Storage; now: () => number }> = async (
  app,
  { storage, now },
) => {
  app.get('/:pageId/:psid/export', async (request, reply) => {
    const p = params.safeParse(request.params)
    if (!p.success) return reply.status(404).send(errorBody('not_found', 'no such person'))
    const data = await storage.contacts.export(p.data.pageId, p.data.psid)
    if (Object.values(data).every((rows) => rows.length === 0))
      return reply.status(404).send(errorBody('not_found', 'nothing is stored about this person'))
    return reply
      .header(
        'content-disposition',
        `attachment; filename="contact-${p.data.pageId}-${p.data.psid}.json"`,
      )
      .send({
        format: 'charla.contact-export',
        exportedAt: new Date(now()).toISOString(),
        pageId: p.data.pageId,
        psid: p.data.psid,
        tables: data,
      })
  })

  app.delete('/:pageId/:psid', async (request, reply) => {
    const p = params.safeParse(request.params)
    if (!p.success) return reply.status(404).send(errorBody('not_found', 'no such person'))
    await storage.contacts.forget(p.data.pageId, p.data.psid)
    request.log.info({ pageId: p.data.pageId }, 'a contact was deleted with all their data')
    return reply.status(204).send()
  })
}

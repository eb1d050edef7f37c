import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { LEAD_STATUSES, type Lead, type LeadFilter, type Page, type Storage } from '@charla/storage'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { errorBody } from '../errorHandler'
import { answerColumns } from '../leads/answerColumns'
import { leadsCsv } from '../leads/leadsCsv'

const DAY = 86_400_000

/** `2025-06-01` (a whole UTC day) or an ISO time or milliseconds. */
const timeSchema = z
  .string()
  .transform((s, ctx) => {
    const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s)
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a date` })
      return z.NEVER
    }
    return { ms, dateOnly: /^\d{4}-\d{2}-\d{2}$/.test(s) }
  })
  .optional()

const filterSchema = z.strictObject({
  pageId: z.string().min(1).optional(),
  flowId: z.string().min(1).optional(),
  status: z.enum(LEAD_STATUSES).optional(),
  from: timeSchema,
  /** Inclusive: `to=2025-06-30` includes the whole of that day. */
  to: timeSchema,
  q: z.string().max(200).optional(),
})

const listSchema = filterSchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

function toFilter(q: z.infer<typeof filterSchema>): LeadFilter {
  return {
    ...(q.pageId ? { pageId: q.pageId } : {}),
    ...(q.flowId ? { flowId: q.flowId } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.from ? { from: q.from.ms } : {}),
    ...(q.to ? { to: q.to.dateOnly ? q.to.ms + DAY : q.to.ms } : {}),
    ...(q.q?.trim() ? { q: q.q } : {}),
  }
}

/**
 * A lead as the editor shows it: with its flow's and Page's names, and whether it came from the
 * simulator (whose copy of a flow has an id of its own but the flow's name).
 */
async function view(storage: Storage, lead: Lead, pages: ReadonlyMap<string, Page>) {
  const page = pages.get(lead.pageId)
  // Versions are immutable and cached by the storage: cheap to read per lead.
  const version = await storage.flows.getVersion(lead.flowVersionId)
  return {
    ...lead,
    flowName: version?.flow.name,
    pageName: page?.name,
    test: page?.kind !== 'connected',
  }
}

/**
 * `/api/leads`: the leads table (filters, search, pages), one lead with its CRM deliveries, the
 * CSV export (streamed), deleting one person's data, and the secret that signs CRM pushes.
 */
export const leadRoutes: FastifyPluginAsync<{ storage: Storage; now: () => number }> = async (
  app,
  { storage, now },
) => {
  const pagesById = async () => new Map((await storage.pages.list()).map((p) => [p.id, p]))

  app.get('/', async (request, reply) => {
    const parsed = listSchema.safeParse(request.query)
    if (!parsed.success)
      return reply.status(400).send(errorBody('bad_request', z.prettifyError(parsed.error)))
    const { limit, offset } = parsed.data
    const [{ leads, total }, pages] = await Promise.all([
      storage.leads.list(toFilter(parsed.data), { limit, offset }),
      pagesById(),
    ])
    return {
      leads: await Promise.all(leads.map((l) => view(storage, l, pages))),
      total,
      limit,
      offset,
    }
  })

  app.get('/export.csv', async (request, reply) => {
    const parsed = filterSchema.safeParse(request.query)
    if (!parsed.success)
      return reply.status(400).send(errorBody('bad_request', z.prettifyError(parsed.error)))
    const filter = toFilter(parsed.data)
    const columns = await answerColumns(storage, filter.flowId)
    const day = new Date(now()).toISOString().slice(0, 10)
    const name = `leads-${filter.flowId ? `${filter.flowId.replace(/[^\w-]/g, '_')}-` : ''}${day}.csv`
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(leadsCsv(storage.leads.stream(filter), columns)))
  })

  app.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const lead = await storage.leads.get(request.params.id)
    if (!lead)
      return reply
        .status(404)
        .send(errorBody('not_found', `there is no lead "${request.params.id}"`))
    const [deliveries, pages] = await Promise.all([storage.leads.deliveries(lead.id), pagesById()])
    return { lead: await view(storage, lead, pages), deliveries }
  })

  // Erasure (GDPR and the like): the person's leads, deliveries, conversation and contact.
  app.delete<{ Params: { pageId: string; psid: string } }>(
    '/contacts/:pageId/:psid',
    async (request, reply) => {
      const { pageId, psid } = request.params
      const { total } = await storage.leads.list({ pageId, psid }, { limit: 1, offset: 0 })
      const contact = await storage.contacts.get(pageId, psid)
      if (!contact && total === 0)
        return reply
          .status(404)
          .send(errorBody('not_found', `nothing is stored about "${psid}" on Page "${pageId}"`))
      await storage.contacts.forget(pageId, psid)
      return reply.status(200).send({ ok: true, deletedLeads: total })
    },
  )

  app.get<{ Params: { pageId: string } }>('/webhook-secrets/:pageId', async (request, reply) => {
    const page = await storage.pages.get(request.params.pageId)
    if (!page || page.kind !== 'connected')
      return reply
        .status(404)
        .send(errorBody('not_found', `there is no Page "${request.params.pageId}"`))
    const secret = await storage.leads.webhookSecret(
      page.id,
      () => randomBytes(32).toString('hex'),
      now(),
    )
    return { pageId: page.id, secret, header: 'X-Charla-Signature', algorithm: 'sha256' }
  })

  // A leaked signing secret is replaced here: pushes from now on are signed with the new one,
  // which this answer shows (the CRM must be given it; the old one stops verifying).
  app.post<{ Params: { pageId: string } }>(
    '/webhook-secrets/:pageId/rotate',
    async (request, reply) => {
      const page = await storage.pages.get(request.params.pageId)
      if (!page || page.kind !== 'connected')
        return reply
          .status(404)
          .send(errorBody('not_found', `there is no Page "${request.params.pageId}"`))
      const secret = await storage.leads.rotateWebhookSecret(
        page.id,
        () => randomBytes(32).toString('hex'),
        now(),
      )
      return { pageId: page.id, secret, header: 'X-Charla-Signature', algorithm: 'sha256' }
    },
  )
}

import { Readable } from 'node:stream'
import { toSendRequests } from '@charla/messenger'
import type { Order, OrderStatus, Page, Storage } from '@charla/storage'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { errorBody } from '../errorHandler'
import { orderFilterSchema, toOrderFilter } from '../orders/orderFilterSchema'
import { orderUpdateText } from '../orders/orderUpdateText'
import { ordersCsv } from '../orders/ordersCsv'

export interface OrderRoutesOptions {
  storage: Storage
  now: () => number
  /** Wakes the relay once an order update is queued for the person. */
  onOutbox?: () => void
}

const listSchema = orderFilterSchema.extend({
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

const statusSchema = z.strictObject({
  status: z.enum(['shipped', 'refunded']),
  /** Added under the message: a tracking link, a refund note. */
  note: z.string().max(1000).optional(),
  /** Tell the person in Messenger (default yes). */
  notify: z.boolean().default(true),
})

/** Where the shop may move an order from (compare-and-set, like the webhooks). */
const FROM: Record<'shipped' | 'refunded', readonly OrderStatus[]> = {
  shipped: ['paid'],
  refunded: ['paid', 'shipped'],
}

/**
 * The link token stays out of the admin API: it is the person's secret, not the shop's. `test`:
 * made in the simulator (its Page is not a connected one), as for leads and bookings.
 */
const view =
  (pages: ReadonlyMap<string, Page>) =>
  ({ token: _t, idempotencyKey: _k, ...order }: Order) => ({
    ...order,
    test: pages.get(order.pageId)?.kind !== 'connected',
  })

/** `/api/orders`: list, detail, CSV export, and shipped/refunded updates sent to the person. */
export const orderRoutes: FastifyPluginAsync<OrderRoutesOptions> = async (app, opts) => {
  const { storage, now } = opts
  const pagesById = async () => new Map((await storage.pages.list()).map((p) => [p.id, p]))

  app.get('/', async (request, reply) => {
    const q = listSchema.safeParse(request.query)
    if (!q.success)
      return reply.code(400).send(errorBody('invalid_query', z.prettifyError(q.error)))
    const { before, limit } = q.data
    const [orders, pages] = await Promise.all([
      storage.orders.list({
        ...toOrderFilter(q.data),
        ...(before !== undefined ? { before } : {}),
        limit,
      }),
      pagesById(),
    ])
    return { orders: orders.map(view(pages)) }
  })

  app.get('/export.csv', async (request, reply) => {
    const q = orderFilterSchema.safeParse(request.query)
    if (!q.success)
      return reply.code(400).send(errorBody('invalid_query', z.prettifyError(q.error)))
    const filter = toOrderFilter(q.data)
    async function* rows() {
      let before: number | undefined
      for (;;) {
        const page = await storage.orders.list({
          ...filter,
          limit: 500,
          ...(before !== undefined ? { before } : {}),
        })
        yield* ordersCsv(page)
        if (page.length < 500) return
        before = page[page.length - 1]!.createdAt
      }
    }
    const day = new Date(now()).toISOString().slice(0, 10)
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="orders-${day}.csv"`)
      .send(Readable.from(rows()))
  })

  app.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const order = await storage.orders.get(request.params.id)
    if (!order) return reply.code(404).send(errorBody('not_found', `no order ${request.params.id}`))
    return { order: view(await pagesById())(order) }
  })

  app.post<{ Params: { id: string } }>('/:id/status', async (request, reply) => {
    const body = statusSchema.safeParse(request.body ?? {})
    if (!body.success)
      return reply.code(400).send(errorBody('invalid_body', z.prettifyError(body.error)))
    const { status, note, notify } = body.data
    const at = now()
    const moved = await storage.transaction(async (tx) => {
      const order = await tx.orders.transition(request.params.id, FROM[status], status, {}, at)
      if (!order || !notify) return order
      const version = await tx.flows.getVersion(order.flowVersionId)
      const text = orderUpdateText(order, status, version?.flow.locale ?? 'en', note)
      // Outside the 24-hour window this goes out under POST_PURCHASE_UPDATE (order updates).
      const requests = toSendRequests(
        { type: 'send', message: { kind: 'text', text } },
        { psid: order.psid },
      )
      await tx.outbox.add(
        requests.map((request) => ({
          pageId: order.pageId,
          psid: order.psid,
          body: { op: 'message', request: { ...request } },
          tag: 'POST_PURCHASE_UPDATE',
          nextAttemptAt: at,
          createdAt: at,
        })),
      )
      return order
    })
    if (!moved) {
      const order = await storage.orders.get(request.params.id)
      if (!order)
        return reply.code(404).send(errorBody('not_found', `no order ${request.params.id}`))
      return reply
        .code(409)
        .send(
          errorBody(
            'invalid_transition',
            `order ${order.id} is ${order.status}; it cannot become ${status}`,
          ),
        )
    }
    if (notify) opts.onOutbox?.()
    return { order: view(await pagesById())(moved) }
  })
}

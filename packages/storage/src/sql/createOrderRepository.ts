import { sql, type Selectable, type SqlBool } from 'kysely'
import { z } from 'zod'
import {
  orderAddressSchema,
  orderCollectSchema,
  orderItemSchema,
  PAYMENT_PROVIDERS,
  type Order,
  type OrderPatch,
  type OrderRepository,
} from '../orderPorts'
import { createOrderProviderTasks } from './createOrderProviderTasks'
import { decodeJson } from './decodeJson'
import type { OrdersTable } from './OrdersTables'
import type { SqlContext } from './SqlContext'

const itemsSchema = z.array(orderItemSchema)
const providersSchema = z.array(z.enum(PAYMENT_PROVIDERS))

export function createOrderRepository(ctx: SqlContext): OrderRepository {
  const { db } = ctx
  const byId = async (id: string) => {
    const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toOrder(row)
  }
  return {
    ...createOrderProviderTasks(ctx),

    async create(order) {
      await db
        .insertInto('orders')
        .values({
          id: order.id,
          token: order.token,
          page_id: order.pageId,
          psid: order.psid,
          flow_version_id: order.flowVersionId,
          node_id: order.nodeId,
          items: JSON.stringify(order.items),
          currency: order.currency,
          total_minor: order.totalMinor,
          status: 'pending',
          providers: JSON.stringify(order.providers),
          idempotency_key: order.idempotencyKey,
          collect: JSON.stringify(order.collect),
          customer_name: order.customerName ?? null,
          email: order.email ?? null,
          phone: order.phone ?? null,
          address: order.address ? JSON.stringify(order.address) : null,
          payment_method: order.paymentMethod ?? null,
          expires_at: order.expiresAt,
          created_at: order.createdAt,
          updated_at: order.createdAt,
        })
        .execute()
      const created = await byId(order.id)
      if (!created) throw new Error(`order ${order.id} vanished after insert`)
      return created
    },

    get: byId,

    async getByToken(token) {
      const row = await db
        .selectFrom('orders')
        .selectAll()
        .where('token', '=', token)
        .executeTakeFirst()
      return row && toOrder(row)
    },

    async getByProviderRef(provider, ref) {
      const row = await db
        .selectFrom('orders')
        .selectAll()
        .where((eb) =>
          eb.or([eb('provider_session_id', '=', ref), eb('provider_order_id', '=', ref)]),
        )
        .where((eb) => eb.or([eb('provider', '=', provider), eb('provider', 'is', null)]))
        .executeTakeFirst()
      return row && toOrder(row)
    },

    async list({ pageId, status, before, from, to, q: words, test, limit }) {
      let q = db.selectFrom('orders').selectAll()
      if (pageId !== undefined) q = q.where('page_id', '=', pageId)
      if (status !== undefined) q = q.where('status', '=', status)
      if (before !== undefined) q = q.where('created_at', '<', before)
      if (from !== undefined) q = q.where('created_at', '>=', from)
      if (to !== undefined) q = q.where('created_at', '<', to)
      if (test !== undefined) {
        // A simulator order's Page is a simulator Page, or gone with its session.
        const live = db.selectFrom('pages').select('id').where('kind', '=', 'connected')
        q = q.where('page_id', test ? 'not in' : 'in', live)
      }
      const needle = words?.trim().toLowerCase()
      if (needle) {
        const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        // Product names only, not the JSON around them (a search for "name" is not every order).
        // json_each is SQLite's; Postgres would say jsonb_array_elements.
        q = q.where((eb) =>
          eb.or([
            sql<SqlBool>`lower(orders.id) like ${like} escape '\\'`,
            sql<SqlBool>`lower(coalesce(orders.customer_name, '')) like ${like} escape '\\'`,
            sql<SqlBool>`lower(coalesce(orders.email, '')) like ${like} escape '\\'`,
            sql<SqlBool>`exists (select 1 from json_each(orders.items) as item where lower(json_extract(item.value, '$.name')) like ${like} escape '\\')`,
          ]),
        )
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
      return rows.map(toOrder)
    },

    async attachSession(id, provider, ref, now) {
      const res = await db
        .updateTable('orders')
        .set({
          provider,
          ...(ref.sessionId !== undefined ? { provider_session_id: ref.sessionId } : {}),
          ...(ref.orderId !== undefined ? { provider_order_id: ref.orderId } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst()
      return Number(res.numUpdatedRows) === 1
    },

    async transition(id, from, to, patch, now) {
      if (!from.length) return undefined
      const res = await db
        .updateTable('orders')
        .set({ status: to, ...patchColumns(patch), updated_at: now })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst()
      if (Number(res.numUpdatedRows) !== 1) return undefined
      return byId(id)
    },

    async recordPaymentEvent(event) {
      const res = await db
        .insertInto('payment_events')
        .values({
          provider: event.provider,
          event_id: event.eventId,
          type: event.type,
          order_id: event.orderId ?? null,
          received_at: event.receivedAt,
        })
        .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
        .executeTakeFirst()
      return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1
    },
  }
}

function patchColumns(p: OrderPatch): Partial<Selectable<OrdersTable>> {
  const out: Partial<Selectable<OrdersTable>> = {}
  if (p.provider !== undefined) out.provider = p.provider
  if (p.providerSessionId !== undefined) out.provider_session_id = p.providerSessionId
  if (p.providerOrderId !== undefined) out.provider_order_id = p.providerOrderId
  if (p.customerName !== undefined) out.customer_name = p.customerName
  if (p.email !== undefined) out.email = p.email
  if (p.phone !== undefined) out.phone = p.phone
  if (p.address !== undefined) out.address = JSON.stringify(p.address)
  if (p.paymentMethod !== undefined) out.payment_method = p.paymentMethod
  if (p.paidAt !== undefined) out.paid_at = p.paidAt
  return out
}

function toOrder(row: Selectable<OrdersTable>): Order {
  const what = `order ${row.id}`
  return {
    id: row.id,
    token: row.token,
    pageId: row.page_id,
    psid: row.psid,
    flowVersionId: row.flow_version_id,
    nodeId: row.node_id,
    items: decodeJson(itemsSchema, row.items, `${what} items`),
    currency: row.currency,
    totalMinor: row.total_minor,
    status: row.status,
    providers: decodeJson(providersSchema, row.providers, `${what} providers`),
    ...(row.provider ? { provider: row.provider } : {}),
    ...(row.provider_session_id ? { providerSessionId: row.provider_session_id } : {}),
    ...(row.provider_order_id ? { providerOrderId: row.provider_order_id } : {}),
    idempotencyKey: row.idempotency_key,
    collect: decodeJson(orderCollectSchema, row.collect, `${what} collect`),
    ...(row.customer_name !== null ? { customerName: row.customer_name } : {}),
    ...(row.email !== null ? { email: row.email } : {}),
    ...(row.phone !== null ? { phone: row.phone } : {}),
    ...(row.address !== null
      ? { address: decodeJson(orderAddressSchema, row.address, `${what} address`) }
      : {}),
    ...(row.payment_method !== null ? { paymentMethod: row.payment_method } : {}),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.paid_at !== null ? { paidAt: row.paid_at } : {}),
  }
}

import { describe, expect, it } from 'vitest'
import type { NewOrder, OrderListQuery } from '../../orderPorts'
import { testPage } from '../storageFixtures'
import type { Storage } from '../../ports'

export const newOrder = (id: string, over: Partial<NewOrder> = {}): NewOrder => ({
  id,
  token: `tok_${id}`,
  pageId: 'p1',
  psid: 'u1',
  flowVersionId: 'v1',
  nodeId: 'pay',
  items: [{ productId: 'tee', name: 'Tee', quantity: 2, unitMinor: 1250 }],
  currency: 'EUR',
  totalMinor: 2500,
  providers: ['stripe'],
  idempotencyKey: `idem_${id}`,
  collect: { shippingAddress: true, email: true, phone: false },
  expiresAt: 10_000,
  createdAt: 100,
  ...over,
})

export function ordersContract(storage: () => Storage): void {
  describe('orders', () => {
    it('creates a pending order and reads it back by id, token and provider reference', async () => {
      const s = storage()
      const created = await s.orders.create(newOrder('A1'))
      expect(created).toEqual({ ...newOrder('A1'), status: 'pending', updatedAt: 100 })
      expect(await s.orders.get('A1')).toEqual(created)
      expect(await s.orders.getByToken('tok_A1')).toEqual(created)
      expect(await s.orders.getByToken('nope')).toBeUndefined()
      expect(await s.orders.attachSession('A1', 'stripe', { sessionId: 'cs_1' }, 200)).toBe(true)
      const withSession = await s.orders.getByProviderRef('stripe', 'cs_1')
      expect(withSession).toMatchObject({ id: 'A1', provider: 'stripe', providerSessionId: 'cs_1' })
      expect(await s.orders.getByProviderRef('paypal', 'cs_1')).toBeUndefined()
    })

    it('keeps amounts as exact integers and refuses a second order with the same token or key', async () => {
      const s = storage()
      await s.orders.create(newOrder('A1', { totalMinor: 99_999_999_999 }))
      expect((await s.orders.get('A1'))?.totalMinor).toBe(99_999_999_999)
      await expect(s.orders.create(newOrder('A2', { token: 'tok_A1' }))).rejects.toThrow()
      await expect(s.orders.create(newOrder('A3', { idempotencyKey: 'idem_A1' }))).rejects.toThrow()
    })

    it('moves by compare-and-set: a second or late transition changes nothing', async () => {
      const s = storage()
      await s.orders.create(newOrder('A1'))
      const address = { street1: '1 Main St', city: 'Madrid', postalCode: '28001', country: 'ES' }
      const paid = await s.orders.transition(
        'A1',
        ['pending', 'expired'],
        'paid',
        { paymentMethod: 'Visa 4242', address, customerName: 'Ana', paidAt: 300 },
        300,
      )
      expect(paid).toMatchObject({
        status: 'paid',
        paymentMethod: 'Visa 4242',
        address,
        paidAt: 300,
      })
      expect(await s.orders.transition('A1', ['pending'], 'paid', {}, 400)).toBeUndefined()
      expect(await s.orders.transition('A1', ['pending'], 'expired', {}, 400)).toBeUndefined()
      expect(await s.orders.get('A1')).toMatchObject({ status: 'paid', updatedAt: 300 })
      expect(await s.orders.attachSession('A1', 'paypal', { orderId: 'X' }, 500)).toBe(false)
      expect(await s.orders.transition('A1', ['paid'], 'shipped', {}, 600)).toMatchObject({
        status: 'shipped',
      })
      expect(await s.orders.transition('nope', ['pending'], 'paid', {}, 600)).toBeUndefined()
    })

    it('lists newest first, by Page and status, in pages', async () => {
      const s = storage()
      await s.orders.create(newOrder('A1', { createdAt: 100 }))
      await s.orders.create(newOrder('A2', { createdAt: 200, pageId: 'p2' }))
      await s.orders.create(newOrder('A3', { createdAt: 300 }))
      await s.orders.transition('A3', ['pending'], 'paid', {}, 400)
      const ids = (os: { id: string }[]) => os.map((o) => o.id)
      expect(ids(await s.orders.list({ limit: 10 }))).toEqual(['A3', 'A2', 'A1'])
      expect(ids(await s.orders.list({ limit: 10, pageId: 'p1' }))).toEqual(['A3', 'A1'])
      expect(ids(await s.orders.list({ limit: 10, status: 'paid' }))).toEqual(['A3'])
      expect(ids(await s.orders.list({ limit: 1, before: 300 }))).toEqual(['A2'])
    })

    it('filters by days, search (number, buyer, email, product names) and live or simulator', async () => {
      const s = storage()
      await s.pages.upsert({ ...testPage('live'), kind: 'connected' }, 0)
      await s.pages.upsert({ ...testPage('sim'), kind: 'simulator' }, 0)
      const cap = { productId: 'cap', name: 'Gorra Azul', quantity: 1, unitMinor: 900 }
      await s.orders.create(newOrder('B-100', { createdAt: 100, pageId: 'live' }))
      await s.orders.create(newOrder('B-200', { createdAt: 200, pageId: 'sim', items: [cap] }))
      await s.orders.create(newOrder('B-300', { createdAt: 300, pageId: 'gone' }))
      await s.orders.transition(
        'B-100',
        ['pending'],
        'paid',
        { customerName: 'Ana García', email: 'ana@example.com' },
        400,
      )
      const ids = async (f: Omit<OrderListQuery, 'limit'>) =>
        (await s.orders.list({ limit: 10, ...f })).map((o) => o.id)
      expect(await ids({ from: 200 })).toEqual(['B-300', 'B-200'])
      expect(await ids({ to: 300 })).toEqual(['B-200', 'B-100'])
      expect(await ids({ from: 150, to: 250 })).toEqual(['B-200'])
      expect(await ids({ q: 'b-2' })).toEqual(['B-200'])
      expect(await ids({ q: 'ANA GAR' })).toEqual(['B-100'])
      expect(await ids({ q: '@example.' })).toEqual(['B-100'])
      expect(await ids({ q: 'azul' })).toEqual(['B-200'])
      expect(await ids({ q: 'tee' })).toEqual(['B-300', 'B-100'])
      // The item JSON's keys and the product ids are not searched; LIKE wildcards are literal.
      expect(await ids({ q: 'name' })).toEqual([])
      expect(await ids({ q: 'cap' })).toEqual([])
      expect(await ids({ q: '%' })).toEqual([])
      expect(await ids({ q: '  ' })).toEqual(['B-300', 'B-200', 'B-100'])
      // A simulator order's Page is a simulator one or was deleted with its session.
      expect(await ids({ test: true })).toEqual(['B-300', 'B-200'])
      expect(await ids({ test: false })).toEqual(['B-100'])
      expect(await ids({ test: true, q: 'tee', status: 'pending' })).toEqual(['B-300'])
    })

    it('queues a provider task once, with its transaction, and runs it by claim and outcome', async () => {
      const s = storage()
      await s.orders.create(newOrder('A1'))
      const task = {
        kind: 'stripe_expire_session' as const,
        orderId: 'A1',
        ref: 'cs_1',
        runAt: 1000,
        deadline: 9000,
      }
      await expect(
        s.transaction(async (tx) => {
          await tx.orders.queueProviderTask(task, 1000)
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await s.orders.providerTasks('A1')).toEqual([])
      expect(await s.orders.nextProviderTaskAt()).toBeUndefined()
      await s.transaction((tx) => tx.orders.queueProviderTask(task, 1000))
      await s.orders.queueProviderTask({ ...task, runAt: 5 }, 5)
      const [queued] = await s.orders.providerTasks('A1')
      expect(queued).toMatchObject({ ...task, status: 'pending', attempts: 0, createdAt: 1000 })
      expect(await s.orders.providerTasks('A1')).toHaveLength(1)
      expect(await s.orders.nextProviderTaskAt()).toBe(1000)
      expect(await s.orders.dueProviderTasks(999, 10)).toEqual([])
      const [due] = await s.orders.dueProviderTasks(1000, 10)
      expect(due?.id).toBe(queued!.id)
      // One runner wins the claim; the claim moves it out of `due` until it lapses.
      expect(await s.orders.claimProviderTask(due!.id, 1000, 2000)).toBe(true)
      expect(await s.orders.claimProviderTask(due!.id, 1000, 2000)).toBe(false)
      expect(await s.orders.dueProviderTasks(1500, 10)).toEqual([])
      await s.orders.finishProviderTask(
        due!.id,
        { status: 'pending', runAt: 3000, error: 'HTTP 503' },
        1600,
      )
      expect((await s.orders.providerTasks('A1'))[0]).toMatchObject({
        status: 'pending',
        attempts: 1,
        runAt: 3000,
        lastError: 'HTTP 503',
        updatedAt: 1600,
      })
      expect(await s.orders.claimProviderTask(due!.id, 3000, 4000)).toBe(true)
      await s.orders.finishProviderTask(due!.id, { status: 'done' }, 3100)
      expect((await s.orders.providerTasks('A1'))[0]).toMatchObject({
        status: 'done',
        attempts: 2,
      })
      expect((await s.orders.providerTasks('A1'))[0]).not.toHaveProperty('lastError')
      expect(await s.orders.dueProviderTasks(10_000, 10)).toEqual([])
      expect(await s.orders.nextProviderTaskAt()).toBeUndefined()
    })

    it('records a provider event once, and rolls it back with its transaction', async () => {
      const s = storage()
      const event = { provider: 'stripe' as const, eventId: 'evt_1', type: 'x', receivedAt: 1 }
      expect(await s.orders.recordPaymentEvent(event)).toBe(true)
      expect(await s.orders.recordPaymentEvent(event)).toBe(false)
      expect(await s.orders.recordPaymentEvent({ ...event, provider: 'paypal' })).toBe(true)
      await expect(
        s.transaction(async (tx) => {
          expect(await tx.orders.recordPaymentEvent({ ...event, eventId: 'evt_2' })).toBe(true)
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await s.orders.recordPaymentEvent({ ...event, eventId: 'evt_2' })).toBe(true)
    })
  })
}

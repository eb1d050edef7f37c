import { describe, expect, it } from 'vitest'
import type { Storage } from '../../ports'
import { testInboxItem, testOutboxItem, testState } from '../storageFixtures'
import { newOrder } from './ordersContract'

const T0 = 1_900_000_000_000
const PEOPLE = ['p1:gone', 'p1:kept', 'p2:gone']
const slotAt = (hour: number) => T0 + hour * 3_600_000

/** Gives `psid` a row in every table that can hold something about a person. */
async function everything(s: Storage, pageId: string, psid: string): Promise<void> {
  await s.contacts.upsert({ pageId, psid, firstName: 'Ada', tags: ['vip'] }, 100)
  await s.conversations.save(
    { pageId, psid, flowVersionId: 'v1', state: testState(psid) },
    undefined,
    100,
  )
  await s.inbox.add([testInboxItem(`${pageId}-${psid}-1`, pageId, psid)])
  await s.outbox.add([testOutboxItem(pageId, psid, `hello ${psid}`)])
  await s.jobs.schedule({ key: `${pageId}:${psid}:t1`, pageId, psid, timerId: 't1', runAt: 10 })
  await s.analytics.record([
    { pageId, psid, flowVersionId: 'v1', event: 'lead', data: { email: `${psid}@x.io` }, at: 1 },
  ])
  const lead = await s.leads.save(
    {
      leadKey: `${pageId}:${psid}:lead1`,
      pageId,
      psid,
      flowId: 'f1',
      flowVersionId: 'v1',
      nodeId: 'form',
      status: 'completed',
      answers: { email: `${psid}@example.com` },
      source: 'ref',
      sourceDetail: {},
      push: { url: 'https://crm.example.com/hook', deadline: 10_000 },
    },
    100,
  )
  await s.leads.recordAttempt(
    lead!.id,
    { url: 'https://crm.example.com/hook', at: 200, durationMs: 5, ok: false, statusCode: 500 },
    { status: 'pending', nextAttemptAt: 300 },
  )
  const hold = (id: string, start: number) => ({
    id: `${pageId}-${psid}-${id}`,
    scope: '',
    calendarId: 'chair',
    covers: [start],
    capacity: 1,
    pageId,
    psid,
    nodeId: 'book',
    start,
    end: start + 1_800_000,
    expiresAt: 10_000_000,
  })
  // Capacity 1: every person's hold and booking get their own hour.
  const base = PEOPLE.indexOf(`${pageId}:${psid}`) * 2
  expect(await s.bookings.hold(hold('h1', slotAt(base)), 1)).toBe(true)
  expect(await s.bookings.hold(hold('h2', slotAt(base + 1)), 1)).toBe(true)
  await s.bookings.confirm(
    `${pageId}-${psid}-h2`,
    {
      id: `${pageId}-${psid}-b`,
      token: `tok-${pageId}-${psid}`,
      flowVersionId: 'v1',
      calendarName: 'Chair',
      timezone: 'UTC',
      service: 'Cut',
      reminderKeys: [],
    },
    100,
  )
  const orderId = `${pageId}-${psid}-o`
  await s.orders.create(
    newOrder(orderId, {
      pageId,
      psid,
      token: `t-${orderId}`,
      idempotencyKey: `i-${orderId}`,
    }),
  )
  await s.orders.recordPaymentEvent({
    provider: 'stripe',
    eventId: `evt-${orderId}`,
    type: 'checkout.session.completed',
    orderId,
    receivedAt: 100,
  })
}

export function privacyContract(storage: () => Storage): void {
  describe('privacy: export and forget one person', () => {
    it('exports everything about a person, table by table, and nobody else', async () => {
      const s = storage()
      await everything(s, 'p1', 'gone')
      await everything(s, 'p1', 'kept')
      const data = await s.contacts.export('p1', 'gone')
      for (const table of [
        'contacts',
        'conversations',
        'inbox',
        'outbox',
        'jobs',
        'leads',
        'lead_deliveries',
        'booking_holds',
        'bookings',
        'orders',
        'payment_events',
        'analytics_steps',
      ])
        expect(data[table], table).toHaveLength(1)
      expect(JSON.stringify(data)).not.toContain('kept')
      expect(data.contacts?.[0]).toMatchObject({ psid: 'gone', first_name: 'Ada', tags: ['vip'] })
      expect(data.outbox?.[0]).toMatchObject({ body: expect.objectContaining({}) })
      expect(JSON.stringify(data.outbox)).toContain('hello gone')
    })

    it('forgets a person in every table, gives their booking places back, keeps others', async () => {
      const s = storage()
      await everything(s, 'p1', 'gone')
      await everything(s, 'p1', 'kept')
      await everything(s, 'p2', 'gone')
      const usage = () => s.bookings.usage('', 'chair', T0 - 3_600_000, T0 + 48 * 3_600_000)
      const before = await usage()

      await s.contacts.forget('p1', 'gone')

      const left = await s.contacts.export('p1', 'gone')
      expect(Object.values(left).flat()).toEqual([])
      // The funnel keeps its count, without the person or what they said.
      expect(await s.analytics.countByNode('v1')).toEqual([
        { event: 'lead', nodeId: null, count: 3 },
      ])
      // Their hold and their confirmed booking's slot are free again; others' are not.
      const after = await usage()
      expect([before.get(slotAt(0)), before.get(slotAt(1))]).toEqual([1, 1])
      expect([after.get(slotAt(0)), after.get(slotAt(1))]).toEqual([undefined, undefined])
      expect([after.get(slotAt(2)), after.get(slotAt(3)), after.get(slotAt(5))]).toEqual([1, 1, 1])
      expect(await s.orders.get('p1-gone-o')).toBeUndefined()
      // Another person, and the same PSID on another Page, are untouched.
      for (const [pageId, psid] of [
        ['p1', 'kept'],
        ['p2', 'gone'],
      ] as const) {
        const data = await s.contacts.export(pageId, psid)
        expect(data.contacts).toHaveLength(1)
        expect(data.bookings).toHaveLength(1)
        expect(data.orders).toHaveLength(1)
        expect(data.payment_events).toHaveLength(1)
        expect(data.lead_deliveries).toHaveLength(1)
      }
    })
  })

  describe('data-deletion requests', () => {
    it('stores a request by its confirmation code, with nothing personal', async () => {
      const s = storage()
      await s.deletionRequests.add({
        code: 'DEL-1',
        status: 'completed',
        contactsDeleted: 2,
        requestedAt: 100,
        completedAt: 101,
      })
      expect(await s.deletionRequests.get('DEL-1')).toEqual({
        code: 'DEL-1',
        status: 'completed',
        contactsDeleted: 2,
        requestedAt: 100,
        completedAt: 101,
      })
      expect(await s.deletionRequests.get('nope')).toBeUndefined()
    })
  })
}

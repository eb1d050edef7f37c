import { describe, expect, it } from 'vitest'
import type { OutboxItem, Storage } from '../../ports'
import { conversationKey } from '../../ports'
import { testOutboxItem, testPage } from '../storageFixtures'

const none = new Set<string>()
const texts = (items: OutboxItem[]) =>
  items.map((i) => (i.body as { message: { text: string } }).message.text)

export function outboxContract(storage: () => Storage): void {
  describe('outbox', () => {
    it('stores messages pending, in order, and reads them back per person', async () => {
      const s = storage()
      await s.outbox.add([])
      await s.outbox.add([
        { ...testOutboxItem('p1', 'u1', 'one', 10), tag: 'CONFIRMED_EVENT_UPDATE' },
        testOutboxItem('p1', 'u1', 'two', 10),
        testOutboxItem('p1', 'u2', 'other', 10),
      ])
      const items = await s.outbox.listForContact('p1', 'u1')
      expect(items).toEqual([
        {
          ...testOutboxItem('p1', 'u1', 'one', 10),
          tag: 'CONFIRMED_EVENT_UPDATE',
          id: items[0]!.id,
          status: 'pending',
          attempts: 0,
        },
        {
          ...testOutboxItem('p1', 'u1', 'two', 10),
          id: items[1]!.id,
          status: 'pending',
          attempts: 0,
        },
      ])
      expect(items[0]!.id).toBeLessThan(items[1]!.id)
    })

    it("gives each person's first unsent message once it is due, oldest first", async () => {
      const s = storage()
      await s.outbox.add([
        testOutboxItem('p1', 'a', 'a1', 100),
        testOutboxItem('p1', 'b', 'b1', 100),
        testOutboxItem('p1', 'a', 'a2', 100),
        testOutboxItem('p1', 'c', 'c1', 500),
      ])
      expect(texts(await s.outbox.nextPerConversation(100, 10, none))).toEqual(['a1', 'b1'])
      expect(texts(await s.outbox.nextPerConversation(500, 10, none))).toEqual(['a1', 'b1', 'c1'])
      expect(texts(await s.outbox.nextPerConversation(500, 1, none))).toEqual(['a1'])
      expect(await s.outbox.nextPerConversation(99, 10, none)).toEqual([])
      expect(await s.outbox.nextPerConversation(500, 0, none)).toEqual([])
    })

    it('never sends a later message while an earlier one waits for its retry', async () => {
      const s = storage()
      await s.outbox.add([
        testOutboxItem('p1', 'a', 'a1', 100),
        testOutboxItem('p1', 'b', 'b1', 100),
      ])
      const [a1] = await s.outbox.nextPerConversation(100, 1, none)
      await s.outbox.retryAt(a1!.id, 1_000, 'rate limited')
      // Added later, already due, but behind a1.
      await s.outbox.add([testOutboxItem('p1', 'a', 'a2', 100)])

      expect(texts(await s.outbox.nextPerConversation(999, 10, none))).toEqual(['b1'])
      const due = await s.outbox.nextPerConversation(1_000, 10, none)
      expect(texts(due)).toEqual(['a1', 'b1'])
      expect(due[0]).toMatchObject({ attempts: 1, nextAttemptAt: 1_000, error: 'rate limited' })

      await s.outbox.markSent(a1!.id, 'mid.a1', 1_100)
      expect(texts(await s.outbox.nextPerConversation(1_100, 10, none))).toEqual(['b1', 'a2'])
    })

    it('moves on after a message is sent, failed or blocked, recording how it ended', async () => {
      const s = storage()
      await s.outbox.add(['m1', 'm2', 'm3', 'm4'].map((t) => testOutboxItem('p1', 'u1', t, 0)))
      const next = async () => (await s.outbox.nextPerConversation(10, 1, none))[0]!

      const m1 = await next()
      await s.outbox.markSent(m1.id, 'mid.1', 20)
      const m2 = await next()
      expect(texts([m2])).toEqual(['m2'])
      await s.outbox.markFinal(m2.id, 'failed', 'the person cannot be reached (551)', 30)
      const m3 = await next()
      await s.outbox.markFinal(m3.id, 'blocked', 'outside the 24-hour window', 40)
      expect(texts([await next()])).toEqual(['m4'])

      const [sent, failed, blocked] = await s.outbox.listForContact('p1', 'u1')
      expect(sent).toMatchObject({ status: 'sent', messageId: 'mid.1', sentAt: 20, attempts: 0 })
      expect(failed).toMatchObject({
        status: 'failed',
        error: 'the person cannot be reached (551)',
      })
      expect(failed!.sentAt).toBeUndefined()
      expect(blocked).toMatchObject({ status: 'blocked', error: 'outside the 24-hour window' })
    })

    it('marks many messages sent at once, each with its own message id and time', async () => {
      const s = storage()
      await s.outbox.add([
        testOutboxItem('p1', 'a', 'a1', 0),
        testOutboxItem('p1', 'a', 'a2', 0),
        testOutboxItem('p1', 'b', 'b1', 0),
        testOutboxItem('p1', 'c', 'c1', 0),
      ])
      const heads = await s.outbox.nextPerConversation(10, 10, none)
      expect(texts(heads)).toEqual(['a1', 'b1', 'c1'])
      const [a1, b1] = heads
      await s.outbox.markAllSent([
        { id: a1!.id, messageId: 'mid.a1', sentAt: 20 },
        { id: b1!.id, messageId: 'mid.b1', sentAt: 30 },
      ])
      await s.outbox.markAllSent([])
      expect(texts(await s.outbox.nextPerConversation(10, 10, none))).toEqual(['a2', 'c1'])
      expect((await s.outbox.listForContact('p1', 'a'))[0]).toMatchObject({
        status: 'sent',
        messageId: 'mid.a1',
        sentAt: 20,
      })
      expect((await s.outbox.listForContact('p1', 'b'))[0]).toMatchObject({
        status: 'sent',
        messageId: 'mid.b1',
        sentAt: 30,
      })
      expect((await s.outbox.listForContact('p1', 'c'))[0]).toMatchObject({ status: 'pending' })
    })

    it('counts attempts on every retry', async () => {
      const s = storage()
      await s.outbox.add([testOutboxItem('p1', 'u1', 'm1', 0)])
      const [m1] = await s.outbox.nextPerConversation(0, 1, none)
      await s.outbox.retryAt(m1!.id, 10, 'e1')
      await s.outbox.retryAt(m1!.id, 20, 'e2')
      expect(await s.outbox.nextPerConversation(20, 1, none)).toMatchObject([
        { id: m1!.id, attempts: 2, nextAttemptAt: 20, error: 'e2' },
      ])
    })

    it('skips busy conversations and still fills the limit', async () => {
      const s = storage()
      await s.outbox.add(['a', 'b', 'c', 'd'].map((psid) => testOutboxItem('p1', psid, psid, 0)))
      const busy = new Set([conversationKey('p1', 'a'), conversationKey('p1', 'b')])
      expect(texts(await s.outbox.nextPerConversation(0, 2, busy))).toEqual(['c', 'd'])
    })

    it("holds back a paused Page's messages until the Page is active again", async () => {
      const s = storage()
      await s.pages.upsert(testPage('p1', 'old'), 0)
      await s.pages.upsert(testPage('p2'), 0)
      await s.outbox.add([
        testOutboxItem('p1', 'u1', 'p1 msg', 0),
        testOutboxItem('p2', 'u1', 'p2 msg', 0),
      ])
      await s.pages.setStatus('p1', 'paused', 'token refused (190)', 10)
      expect(texts(await s.outbox.nextPerConversation(10, 1, none))).toEqual(['p2 msg'])

      await s.pages.upsert(testPage('p1', 'new'), 20)
      expect(texts(await s.outbox.nextPerConversation(20, 10, none))).toEqual(['p1 msg', 'p2 msg'])
    })

    it('moves a conversation’s pending items earlier (time machine)', async () => {
      const s = storage()
      await s.pages.upsert(testPage('p1'), 0)
      await s.outbox.add([testOutboxItem('p1', 'u1', 'later', 5000)])
      await s.outbox.add([testOutboxItem('p1', 'u2', 'other', 5000)])
      expect(await s.outbox.nextPerConversation(1000, 10, none)).toEqual([])
      await s.outbox.shift('p1', 'u1', 4000)
      expect(texts(await s.outbox.nextPerConversation(1000, 10, none))).toEqual(['later'])
    })
  })
}

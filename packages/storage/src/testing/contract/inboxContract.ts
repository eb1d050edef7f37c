import { describe, expect, it } from 'vitest'
import type { InboxItem, Storage } from '../../ports'
import { conversationKey } from '../../ports'
import { testInboxItem } from '../storageFixtures'

const none = new Set<string>()
const keys = (items: InboxItem[]) => items.map((i) => i.dedupeKey)

export function inboxContract(storage: () => Storage): void {
  describe('inbox', () => {
    it('adds new events and skips the ones seen before, counting only the new', async () => {
      const s = storage()
      expect(await s.inbox.add([])).toBe(0)
      expect(await s.inbox.add([testInboxItem('a'), testInboxItem('b')])).toBe(2)
      // A redelivered webhook: one known event, one new, and a duplicate inside the batch.
      expect(await s.inbox.add([testInboxItem('b'), testInboxItem('c'), testInboxItem('c')])).toBe(
        1,
      )
      expect(await s.inbox.countPending()).toBe(3)
    })

    it('adds a batch larger than one statement holds, still counting only the new', async () => {
      const s = storage()
      await s.inbox.add([testInboxItem('k-7'), testInboxItem('k-300')])
      const batch = Array.from({ length: 450 }, (_, i) =>
        testInboxItem(`k-${i}`, 'p1', `u${i % 7}`),
      )
      expect(await s.inbox.add(batch)).toBe(448)
      expect(await s.inbox.countPending()).toBe(450)
    })

    it('adds a batch all or nothing', async () => {
      const s = storage()
      for (const size of [3, 450]) {
        const batch = Array.from({ length: size }, (_, i) => testInboxItem(`${size}-${i}`))
        // The last item breaks a NOT NULL column, as a bug upstream could.
        const broken = { ...testInboxItem(`${size}-broken`), psid: null as unknown as string }
        await expect(s.inbox.add([...batch, broken])).rejects.toThrow()
        expect(await s.inbox.countPending()).toBe(0)
      }
    })

    it('reads back what was stored, parsed', async () => {
      const s = storage()
      const postback = testInboxItem('pb', 'p1', 'u1', {
        type: 'postback',
        payload: 'GET_STARTED',
        title: 'Get Started',
        referral: { ref: 'spring', source: 'SHORTLINK' },
      })
      await s.inbox.add([postback])
      const [item] = await s.inbox.nextPerConversation(1, none)
      expect(item).toEqual({ ...postback, id: item!.id, status: 'pending', attempts: 0 })
    })

    it("gives each conversation's oldest pending item, oldest conversations first", async () => {
      const s = storage()
      await s.inbox.add([
        testInboxItem('a1', 'p1', 'a'),
        testInboxItem('b1', 'p1', 'b'),
        testInboxItem('a2', 'p1', 'a'),
        // Same psid on another Page: another conversation.
        testInboxItem('a1@p2', 'p2', 'a'),
        testInboxItem('c1', 'p1', 'c'),
        testInboxItem('b2', 'p1', 'b'),
      ])
      expect(keys(await s.inbox.nextPerConversation(10, none))).toEqual(['a1', 'b1', 'a1@p2', 'c1'])
      expect(keys(await s.inbox.nextPerConversation(2, none))).toEqual(['a1', 'b1'])
      expect(await s.inbox.nextPerConversation(0, none)).toEqual([])

      const [a1] = await s.inbox.nextPerConversation(1, none)
      await s.inbox.markDone(a1!.id)
      // a2 is now a's head, but a2 arrived after b1 and a1@p2.
      expect(keys(await s.inbox.nextPerConversation(10, none))).toEqual(['b1', 'a2', 'a1@p2', 'c1'])
      expect(await s.inbox.countPending()).toBe(5)
    })

    it('marks many items done at once; each conversation moves on to its next item', async () => {
      const s = storage()
      await s.inbox.add([
        testInboxItem('a1', 'p1', 'a'),
        testInboxItem('b1', 'p1', 'b'),
        testInboxItem('a2', 'p1', 'a'),
        testInboxItem('c1', 'p1', 'c'),
      ])
      const heads = await s.inbox.nextPerConversation(10, none)
      await s.inbox.markAllDone(heads.filter((h) => h.dedupeKey !== 'c1').map((h) => h.id))
      await s.inbox.markAllDone([])
      expect(keys(await s.inbox.nextPerConversation(10, none))).toEqual(['a2', 'c1'])
      expect(await s.inbox.countPending()).toBe(2)
    })

    it('skips busy conversations and still fills the limit from the others', async () => {
      const s = storage()
      await s.inbox.add(
        ['a', 'b', 'c', 'd', 'e'].flatMap((psid) => [
          testInboxItem(`${psid}1`, 'p1', psid),
          testInboxItem(`${psid}2`, 'p1', psid),
        ]),
      )
      const busy = new Set([conversationKey('p1', 'a'), conversationKey('p1', 'c')])
      expect(keys(await s.inbox.nextPerConversation(2, busy))).toEqual(['b1', 'd1'])
      expect(keys(await s.inbox.nextPerConversation(10, busy))).toEqual(['b1', 'd1', 'e1'])
      // A busy key for a conversation with nothing pending changes nothing.
      const idle = new Set([conversationKey('p1', 'zzz')])
      expect(keys(await s.inbox.nextPerConversation(3, idle))).toEqual(['a1', 'b1', 'c1'])
    })

    it('keeps a failing item at the head until it runs out of attempts, then moves on', async () => {
      const s = storage()
      await s.inbox.add([testInboxItem('x1', 'p1', 'x'), testInboxItem('x2', 'p1', 'x')])
      const [head] = await s.inbox.nextPerConversation(1, none)

      await s.inbox.markFailed(head!.id, 'boom 1', 3)
      await s.inbox.markFailed(head!.id, 'boom 2', 3)
      const [again] = await s.inbox.nextPerConversation(1, none)
      expect(again).toMatchObject({ id: head!.id, status: 'pending', attempts: 2, error: 'boom 2' })

      await s.inbox.markFailed(head!.id, 'boom 3', 3)
      const [next] = await s.inbox.nextPerConversation(1, none)
      expect(next?.dedupeKey).toBe('x2')
      expect(await s.inbox.countPending()).toBe(1)

      // Failed for good: later calls do not touch it.
      await s.inbox.markFailed(head!.id, 'late', 3)
      await s.inbox.markDone(next!.id)
      expect(await s.inbox.nextPerConversation(10, none)).toEqual([])
      expect(await s.inbox.countPending()).toBe(0)
    })

    it('fails an item at once with maxAttempts 1', async () => {
      const s = storage()
      await s.inbox.add([testInboxItem('x1')])
      const [head] = await s.inbox.nextPerConversation(1, none)
      await s.inbox.markFailed(head!.id, 'no such Page', 1)
      expect(await s.inbox.countPending()).toBe(0)
    })

    it('keeps a dedupe key after the item is done: a redelivery is still a duplicate', async () => {
      const s = storage()
      await s.inbox.add([testInboxItem('m1')])
      const [item] = await s.inbox.nextPerConversation(1, none)
      await s.inbox.markDone(item!.id)
      expect(await s.inbox.add([testInboxItem('m1')])).toBe(0)
      expect(await s.inbox.nextPerConversation(1, none)).toEqual([])
    })
  })
}

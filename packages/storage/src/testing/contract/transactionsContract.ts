import { describe, expect, it } from 'vitest'
import type { Storage } from '../../ports'
import { testInboxItem, testOutboxItem, testState } from '../storageFixtures'

const none = new Set<string>()

/** A promise the test resolves when it wants a transaction to go on. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {}
  const wait = new Promise<void>((resolve) => (open = resolve))
  return { wait, open }
}

export function transactionsContract(storage: () => Storage): void {
  describe('transactions', () => {
    it('commits everything written through tx and returns what fn returns', async () => {
      const s = storage()
      const result = await s.transaction(async (tx) => {
        await tx.conversations.save(
          { pageId: 'p1', psid: 'u1', flowVersionId: 'v1', state: testState('u1') },
          undefined,
          100,
        )
        await tx.outbox.add([testOutboxItem('p1', 'u1')])
        await tx.jobs.schedule({ key: 'k', pageId: 'p1', psid: 'u1', timerId: 't', runAt: 1 })
        return 'done'
      })
      expect(result).toBe('done')
      expect(await s.conversations.get('p1', 'u1')).toBeDefined()
      expect(await s.outbox.listForContact('p1', 'u1')).toHaveLength(1)
      expect(await s.jobs.due(1, 10)).toHaveLength(1)
    })

    it('rolls everything back when fn throws, and rethrows its error', async () => {
      const s = storage()
      await s.inbox.add([testInboxItem('in')])
      const [item] = await s.inbox.nextPerConversation(1, none)
      const failure = new Error('engine exploded')
      await expect(
        s.transaction(async (tx) => {
          await tx.conversations.save(
            { pageId: 'page_1', psid: 'psid_1', flowVersionId: 'v1', state: testState() },
            undefined,
            100,
          )
          await tx.outbox.add([testOutboxItem(), testOutboxItem()])
          await tx.jobs.schedule({
            key: 'k',
            pageId: 'page_1',
            psid: 'psid_1',
            timerId: 't',
            runAt: 1,
          })
          await tx.analytics.record([
            { pageId: 'page_1', psid: 'psid_1', flowVersionId: 'v1', event: 'node_entered', at: 1 },
          ])
          await tx.inbox.add([testInboxItem('follow-up')])
          await tx.inbox.markDone(item!.id)
          throw failure
        }),
      ).rejects.toBe(failure)

      expect(await s.conversations.get('page_1', 'psid_1')).toBeUndefined()
      expect(await s.outbox.listForContact('page_1', 'psid_1')).toEqual([])
      expect(await s.outbox.nextPerConversation(1_000, 10, none)).toEqual([])
      expect(await s.jobs.due(1_000, 10)).toEqual([])
      expect(await s.jobs.nextRunAt()).toBeUndefined()
      expect(await s.analytics.countByNode('v1')).toEqual([])
      // The inbox item is still there to retry, and the follow-up never existed.
      expect(await s.inbox.nextPerConversation(10, none)).toEqual([item])
      expect(await s.inbox.countPending()).toBe(1)
    })

    it('joins the open transaction when tx.transaction is called inside it', async () => {
      const s = storage()
      await expect(
        s.transaction(async (tx) => {
          const inner = await tx.transaction(async (nested) => {
            await nested.inbox.add([testInboxItem('inner')])
            return 'inner'
          })
          expect(inner).toBe('inner')
          await tx.inbox.add([testInboxItem('outer')])
          throw new Error('roll back both')
        }),
      ).rejects.toThrow('roll back both')
      expect(await s.inbox.countPending()).toBe(0)
    })

    it('keeps concurrent transactions and plain calls apart', async () => {
      const s = storage()
      const first = gate()
      const failing = s.transaction(async (tx) => {
        await tx.inbox.add([testInboxItem('from-failing', 'p1', 'a')])
        await first.wait
        throw new Error('rolled back')
      })
      const committing = s.transaction(async (tx) => {
        await tx.inbox.add([testInboxItem('from-committing', 'p1', 'b')])
        return tx.inbox.countPending()
      })
      const plainWrite = s.outbox.add([testOutboxItem('p1', 'c')])
      const plainRead = s.inbox.nextPerConversation(10, none)
      first.open()

      await expect(failing).rejects.toThrow('rolled back')
      const seenInside = await committing
      await plainWrite
      // Whenever it ran, a plain read never sees another transaction's uncommitted rows.
      expect((await plainRead).map((i) => i.dedupeKey)).not.toContain('from-failing')
      expect(seenInside).toBe(1)

      expect((await s.inbox.nextPerConversation(10, none)).map((i) => i.dedupeKey)).toEqual([
        'from-committing',
      ])
      expect(await s.outbox.listForContact('p1', 'c')).toHaveLength(1)
    })

    it('survives many concurrent transactions, some failing', async () => {
      const s = storage()
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          s.transaction(async (tx) => {
            await tx.inbox.add([testInboxItem(`t${i}`, 'p1', `u${i}`)])
            await tx.outbox.add([testOutboxItem('p1', `u${i}`)])
            await Promise.resolve()
            if (i % 3 === 0) throw new Error(`fail ${i}`)
            await tx.jobs.schedule({
              key: `k${i}`,
              pageId: 'p1',
              psid: `u${i}`,
              timerId: 't',
              runAt: i,
            })
          }),
        ),
      )
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(10)
      expect(await s.inbox.countPending()).toBe(20)
      expect(await s.outbox.nextPerConversation(0, 100, none)).toHaveLength(20)
      expect(await s.jobs.due(100, 100)).toHaveLength(20)
      // And the storage still works after all that.
      expect(await s.inbox.add([testInboxItem('after')])).toBe(1)
    })
  })
}

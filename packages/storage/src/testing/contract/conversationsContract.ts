import { describe, expect, it } from 'vitest'
import { conversationKey, type Storage } from '../../ports'
import { testState } from '../storageFixtures'

export function conversationsContract(storage: () => Storage): void {
  describe('conversations', () => {
    const conversation = (seq: number) => ({
      pageId: 'p1',
      psid: 'u1',
      flowVersionId: 'v1',
      state: testState('u1', { seq }),
    })

    it('inserts the first time and reads the state back', async () => {
      expect(await storage().conversations.save(conversation(1), undefined, 100)).toBe(true)
      const stored = await storage().conversations.get('p1', 'u1')
      expect(stored).toEqual({ ...conversation(1), version: 1, updatedAt: 100 })
      expect(await storage().conversations.get('p1', 'u2')).toBeUndefined()
    })

    it('reads many conversations at once, keyed by Page and PSID', async () => {
      const s = storage()
      await s.conversations.save(conversation(1), undefined, 100)
      await s.conversations.save({ ...conversation(3), pageId: 'p2' }, undefined, 100)
      const many = await s.conversations.getMany([
        { pageId: 'p1', psid: 'u1' },
        { pageId: 'p2', psid: 'u1' },
        { pageId: 'p1', psid: 'u2' },
      ])
      expect(many.size).toBe(2)
      expect(many.get(conversationKey('p1', 'u1'))).toEqual(await s.conversations.get('p1', 'u1'))
      expect(many.get(conversationKey('p2', 'u1'))?.state.seq).toBe(3)
    })

    it('refuses a second first save: someone else created the conversation', async () => {
      expect(await storage().conversations.save(conversation(1), undefined, 100)).toBe(true)
      expect(await storage().conversations.save(conversation(2), undefined, 200)).toBe(false)
      expect((await storage().conversations.get('p1', 'u1'))?.state.seq).toBe(1)
    })

    it('saves against the version read, bumps it, and refuses a stale version', async () => {
      await storage().conversations.save(conversation(1), undefined, 100)
      const read = await storage().conversations.get('p1', 'u1')
      expect(
        await storage().conversations.save(
          { ...conversation(2), flowVersionId: 'v2' },
          read!.version,
          200,
        ),
      ).toBe(true)
      expect(await storage().conversations.get('p1', 'u1')).toEqual({
        ...conversation(2),
        flowVersionId: 'v2',
        version: read!.version + 1,
        updatedAt: 200,
      })
      // A second writer that read the same version loses.
      expect(await storage().conversations.save(conversation(3), read!.version, 300)).toBe(false)
      expect((await storage().conversations.get('p1', 'u1'))?.state.seq).toBe(2)
      // Saving a conversation that does not exist with a version fails too.
      expect(await storage().conversations.save({ ...conversation(1), psid: 'u9' }, 1, 300)).toBe(
        false,
      )
    })
  })
}

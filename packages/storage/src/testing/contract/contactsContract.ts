import { describe, expect, it } from 'vitest'
import { conversationKey, type Storage } from '../../ports'
import { testInboxItem, testOutboxItem, testState } from '../storageFixtures'

export function contactsContract(storage: () => Storage): void {
  describe('contacts', () => {
    it('creates a contact with empty tags and fields, reachable', async () => {
      const created = await storage().contacts.upsert({ pageId: 'p1', psid: 'u1' }, 100)
      expect(created).toEqual({
        pageId: 'p1',
        psid: 'u1',
        tags: [],
        fields: {},
        unreachable: false,
        createdAt: 100,
        updatedAt: 100,
      })
      expect(await storage().contacts.get('p1', 'u1')).toEqual(created)
      expect(await storage().contacts.get('p1', 'u2')).toBeUndefined()
    })

    it('reads many people at once, keyed by Page and PSID, the same as one by one', async () => {
      const s = storage()
      await s.contacts.upsert({ pageId: 'p1', psid: 'u1', firstName: 'Ada', tags: ['vip'] }, 100)
      await s.contacts.upsert({ pageId: 'p2', psid: 'u1', firstName: 'Bea' }, 100)
      await s.contacts.upsert({ pageId: 'p1', psid: 'u2' }, 100)
      const people = [
        { pageId: 'p1', psid: 'u1' },
        { pageId: 'p2', psid: 'u1' },
        { pageId: 'p1', psid: 'nobody' },
        { pageId: 'p1', psid: 'u1' },
      ]
      const many = await s.contacts.getMany(people)
      expect([...many.keys()].sort()).toEqual([
        conversationKey('p1', 'u1'),
        conversationKey('p2', 'u1'),
      ])
      expect(many.get(conversationKey('p1', 'u1'))).toEqual(await s.contacts.get('p1', 'u1'))
      expect(many.get(conversationKey('p2', 'u1'))?.firstName).toBe('Bea')
      expect((await s.contacts.getMany([])).size).toBe(0)
      // More people than one statement holds.
      const crowd = Array.from({ length: 900 }, (_, i) => ({ pageId: 'p1', psid: `c${i}` }))
      for (const p of crowd.slice(0, 3)) await s.contacts.upsert(p, 100)
      expect((await s.contacts.getMany([...crowd, { pageId: 'p1', psid: 'u2' }])).size).toBe(4)
    })

    it('merges what is given over what is stored; tags and fields are replaced as a whole', async () => {
      await storage().contacts.upsert(
        {
          pageId: 'p1',
          psid: 'u1',
          firstName: 'Ada',
          lastName: 'Lovelace',
          profileFetchedAt: 50,
          tags: ['lead', 'vip'],
          fields: { email: 'ada@example.com', score: 3, optin: true, picks: ['a'], none: null },
        },
        100,
      )
      const merged = await storage().contacts.upsert(
        { pageId: 'p1', psid: 'u1', tags: ['lead'], lastInteractionAt: 150 },
        200,
      )
      expect(merged).toEqual({
        pageId: 'p1',
        psid: 'u1',
        firstName: 'Ada',
        lastName: 'Lovelace',
        profileFetchedAt: 50,
        tags: ['lead'],
        fields: { email: 'ada@example.com', score: 3, optin: true, picks: ['a'], none: null },
        lastInteractionAt: 150,
        unreachable: false,
        createdAt: 100,
        updatedAt: 200,
      })

      const unreachable = await storage().contacts.upsert(
        { pageId: 'p1', psid: 'u1', unreachable: true, fields: { email: 'new@example.com' } },
        300,
      )
      expect(unreachable).toMatchObject({
        firstName: 'Ada',
        tags: ['lead'],
        fields: { email: 'new@example.com' },
        unreachable: true,
        lastInteractionAt: 150,
      })
      expect(await storage().contacts.get('p1', 'u1')).toEqual(unreachable)
    })

    it('forgets a person: contact, conversation, inbox, outbox and jobs, nobody else', async () => {
      const s = storage()
      for (const psid of ['gone', 'kept']) {
        await s.contacts.upsert({ pageId: 'p1', psid, tags: ['x'] }, 100)
        await s.conversations.save(
          { pageId: 'p1', psid, flowVersionId: 'v1', state: testState(psid) },
          undefined,
          100,
        )
        await s.inbox.add([
          testInboxItem(`${psid}-1`, 'p1', psid),
          testInboxItem(`${psid}-2`, 'p1', psid),
        ])
        await s.outbox.add([testOutboxItem('p1', psid), testOutboxItem('p1', psid)])
        await s.jobs.schedule({
          key: `p1:${psid}:t1`,
          pageId: 'p1',
          psid,
          timerId: 't1',
          runAt: 10,
        })
        await s.analytics.record([
          { pageId: 'p1', psid, flowVersionId: 'v1', event: 'node_entered', nodeId: 'n1', at: 100 },
        ])
      }
      // One item of each kind finished, so rows in every status go.
      const [gone] = (await s.inbox.nextPerConversation(10, new Set())).filter(
        (i) => i.psid === 'gone',
      )
      await s.inbox.markDone(gone!.id)
      const [sent] = await s.outbox.listForContact('p1', 'gone')
      await s.outbox.markSent(sent!.id, 'mid.1', 200)
      // The same psid on another Page is another person.
      await s.contacts.upsert({ pageId: 'p2', psid: 'gone' }, 100)

      await s.contacts.forget('p1', 'gone')

      expect(await s.contacts.get('p1', 'gone')).toBeUndefined()
      expect(await s.conversations.get('p1', 'gone')).toBeUndefined()
      expect(await s.outbox.listForContact('p1', 'gone')).toEqual([])
      expect((await s.inbox.nextPerConversation(10, new Set())).map((i) => i.psid)).toEqual([
        'kept',
      ])
      expect(await s.inbox.countPending()).toBe(2)
      expect((await s.jobs.due(1_000, 10)).map((j) => j.psid)).toEqual(['kept'])
      // The funnel keeps its counts.
      expect(await s.analytics.countByNode('v1')).toEqual([
        { event: 'node_entered', nodeId: 'n1', count: 2 },
      ])

      expect(await s.contacts.get('p1', 'kept')).toBeDefined()
      expect(await s.conversations.get('p1', 'kept')).toBeDefined()
      expect(await s.outbox.listForContact('p1', 'kept')).toHaveLength(2)
      expect(await s.contacts.get('p2', 'gone')).toBeDefined()

      // Messages arriving later for the forgotten person queue up again normally.
      expect(await s.inbox.add([testInboxItem('gone-3', 'p1', 'gone')])).toBe(1)
      expect(await s.inbox.nextPerConversation(10, new Set())).toHaveLength(2)
    })

    it('moves the last interaction earlier (time machine), and only that contact’s', async () => {
      const s = storage()
      await s.contacts.upsert({ pageId: 'p1', psid: 'u1', lastInteractionAt: 10_000 }, 100)
      await s.contacts.upsert({ pageId: 'p1', psid: 'u2', lastInteractionAt: 10_000 }, 100)
      await s.contacts.upsert({ pageId: 'p1', psid: 'never' }, 100)
      await s.contacts.shift('p1', 'u1', 4000)
      await s.contacts.shift('p1', 'never', 4000)
      await s.contacts.shift('p1', 'unknown', 4000)
      expect((await s.contacts.get('p1', 'u1'))?.lastInteractionAt).toBe(6000)
      expect((await s.contacts.get('p1', 'u2'))?.lastInteractionAt).toBe(10_000)
      expect((await s.contacts.get('p1', 'never'))?.lastInteractionAt).toBeUndefined()
    })
  })
}

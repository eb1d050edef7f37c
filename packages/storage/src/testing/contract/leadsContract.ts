import { describe, expect, it } from 'vitest'
import type { LeadWrite, Storage } from '../../ports'

const write = (overrides: Partial<LeadWrite> = {}): LeadWrite => ({
  leadKey: 'p1:u1:lead1',
  pageId: 'p1',
  psid: 'u1',
  flowId: 'f1',
  flowVersionId: 'v1',
  nodeId: 'form',
  status: 'in_progress',
  answers: { email: 'ada@example.com' },
  source: 'ref',
  sourceDetail: { ref: 'summer', referralSource: 'SHORTLINK' },
  ...overrides,
})

export function leadsContract(storage: () => Storage): void {
  describe('leads', () => {
    it('creates a lead, then updates it by key as the form fills; completion is final', async () => {
      const s = storage()
      await s.contacts.upsert({ pageId: 'p1', psid: 'u1', firstName: 'Ada', lastName: 'L' }, 50)
      const first = await s.leads.save(write(), 100)
      expect(first).toEqual({
        id: first!.id,
        leadKey: 'p1:u1:lead1',
        pageId: 'p1',
        psid: 'u1',
        flowId: 'f1',
        flowVersionId: 'v1',
        nodeId: 'form',
        status: 'in_progress',
        answers: { email: 'ada@example.com' },
        source: 'ref',
        sourceDetail: { ref: 'summer', referralSource: 'SHORTLINK' },
        firstName: 'Ada',
        lastName: 'L',
        createdAt: 100,
        updatedAt: 100,
      })
      const done = await s.leads.save(
        write({
          status: 'completed',
          answers: { email: 'ada@example.com', plan: 'Pro' },
          consent: true,
          push: { url: 'https://crm.example.com/h', deadline: 200 + 86_400_000 },
        }),
        200,
      )
      expect(done).toMatchObject({
        id: first!.id,
        status: 'completed',
        consent: true,
        createdAt: 100,
        completedAt: 200,
        push: {
          url: 'https://crm.example.com/h',
          status: 'pending',
          attempts: 0,
          nextAttemptAt: 200,
        },
      })
      // A late abandon (a stale timer, a restart) does not undo a completed lead.
      await s.leads.save(write({ status: 'abandoned', answers: {} }), 300)
      expect(await s.leads.get(first!.id)).toMatchObject({
        status: 'completed',
        answers: { email: 'ada@example.com', plan: 'Pro' },
      })
      expect((await s.leads.list({}, { limit: 10, offset: 0 })).total).toBe(1)
    })

    it('stores nothing for a declined form, and wipes the answers of one already started', async () => {
      const s = storage()
      expect(await s.leads.save(write({ status: 'declined', answers: {} }), 100)).toBeUndefined()
      expect((await s.leads.list({}, { limit: 10, offset: 0 })).total).toBe(0)
      await s.leads.save(write({ leadKey: 'p1:u1:lead2' }), 100)
      const declined = await s.leads.save(
        write({ leadKey: 'p1:u1:lead2', status: 'declined', answers: {} }),
        200,
      )
      expect(declined).toMatchObject({ status: 'declined', answers: {}, consent: false })
    })

    it('lists newest first with filters, search over answers and names, and pagination', async () => {
      const s = storage()
      await s.contacts.upsert(
        { pageId: 'p1', psid: 'u2', firstName: 'Grace', lastName: 'Hopper' },
        1,
      )
      for (let i = 0; i < 5; i++)
        await s.leads.save(
          write({
            leadKey: `p1:u1:lead${i}`,
            flowId: i % 2 ? 'f2' : 'f1',
            status: i === 4 ? 'completed' : 'in_progress',
            answers: { email: `user${i}@example.com` },
          }),
          1000 + i,
        )
      await s.leads.save(
        write({ leadKey: 'p1:u2:lead1', psid: 'u2', answers: { email: '100%_sure@example.com' } }),
        2000,
      )
      const all = await s.leads.list({}, { limit: 3, offset: 0 })
      expect(all.total).toBe(6)
      expect(all.leads.map((l) => l.leadKey)).toEqual(['p1:u2:lead1', 'p1:u1:lead4', 'p1:u1:lead3'])
      const next = await s.leads.list({}, { limit: 3, offset: 3 })
      expect(next.leads.map((l) => l.leadKey)).toEqual([
        'p1:u1:lead2',
        'p1:u1:lead1',
        'p1:u1:lead0',
      ])
      const f2 = await s.leads.list({ flowId: 'f2' }, { limit: 10, offset: 0 })
      expect(f2.leads.map((l) => l.leadKey)).toEqual(['p1:u1:lead3', 'p1:u1:lead1'])
      expect((await s.leads.list({ status: 'completed' }, { limit: 10, offset: 0 })).total).toBe(1)
      const range = await s.leads.list({ from: 1001, to: 1003 }, { limit: 10, offset: 0 })
      expect(range.leads.map((l) => l.leadKey)).toEqual(['p1:u1:lead2', 'p1:u1:lead1'])
      expect((await s.leads.list({ q: 'USER3' }, { limit: 10, offset: 0 })).total).toBe(1)
      expect((await s.leads.list({ q: 'hopper' }, { limit: 10, offset: 0 })).total).toBe(1)
      // LIKE wildcards in a search are plain characters.
      expect((await s.leads.list({ q: '%_' }, { limit: 10, offset: 0 })).total).toBe(1)
      expect((await s.leads.list({ pageId: 'p9' }, { limit: 10, offset: 0 })).total).toBe(0)
      expect(
        (await s.leads.list({ pageId: 'p1', psid: 'u2' }, { limit: 10, offset: 0 })).total,
      ).toBe(1)
    })

    it('streams every matching lead oldest first, beyond one batch', async () => {
      const s = storage()
      await s.transaction(async (tx) => {
        for (let i = 0; i < 1203; i++)
          await tx.leads.save(
            write({ leadKey: `p1:u1:lead${i}`, flowId: i === 7 ? 'other' : 'f1' }),
            1000 + Math.floor(i / 3),
          )
      })
      const keys: string[] = []
      for await (const lead of s.leads.stream({ flowId: 'f1' })) keys.push(lead.leadKey)
      expect(keys).toHaveLength(1202)
      expect(new Set(keys).size).toBe(1202)
      expect(keys).not.toContain('p1:u1:lead7')
      const firstOf = async () => {
        for await (const lead of s.leads.stream({})) return lead
      }
      expect((await firstOf())?.createdAt).toBe(1000)
      // Breaking out of an export releases what it held: the storage keeps working.
      expect((await s.leads.list({}, { limit: 1, offset: 0 })).total).toBe(1203)
    })

    it('queues a push once, lets one process claim it, and records every attempt', async () => {
      const s = storage()
      const push = { url: 'https://crm.example.com/h', deadline: 100 + 86_400_000 }
      const lead = await s.leads.save(write({ status: 'completed', push }), 100)
      // The same completion written again (a redone step) does not queue a second push.
      await s.leads.save(write({ status: 'completed', push }), 150)
      expect(await s.leads.nextPushAt()).toBe(100)
      expect(await s.leads.duePushes(99, 10)).toEqual([])
      const [due] = await s.leads.duePushes(100, 10)
      expect(due).toMatchObject({ lead: { id: lead!.id }, push: { nextAttemptAt: 100 } })
      expect(await s.leads.claimPush(lead!.id, 100, 30_100)).toBe(true)
      expect(await s.leads.claimPush(lead!.id, 100, 30_100)).toBe(false)
      await s.leads.recordAttempt(
        lead!.id,
        { url: push.url, at: 101, durationMs: 5, ok: false, statusCode: 500, error: 'boom' },
        { status: 'pending', nextAttemptAt: 2000 },
      )
      expect(await s.leads.nextPushAt()).toBe(2000)
      await s.leads.recordAttempt(
        lead!.id,
        { url: push.url, at: 2001, durationMs: 7, ok: true, statusCode: 200 },
        { status: 'delivered' },
      )
      expect(await s.leads.nextPushAt()).toBeUndefined()
      expect((await s.leads.get(lead!.id))?.push).toEqual({
        url: push.url,
        status: 'delivered',
        attempts: 2,
        deadline: push.deadline,
      })
      expect(await s.leads.deliveries(lead!.id)).toEqual([
        expect.objectContaining({ attempt: 1, ok: false, statusCode: 500, error: 'boom', at: 101 }),
        expect.objectContaining({ attempt: 2, ok: true, statusCode: 200, durationMs: 7 }),
      ])
    })

    it('forgets a contact with their leads and deliveries, and only theirs', async () => {
      const s = storage()
      const mine = await s.leads.save(
        write({ status: 'completed', push: { url: 'https://x.example/h', deadline: 9e12 } }),
        100,
      )
      await s.leads.recordAttempt(
        mine!.id,
        { url: 'https://x.example/h', at: 101, durationMs: 1, ok: true, statusCode: 200 },
        { status: 'delivered' },
      )
      const theirs = await s.leads.save(write({ leadKey: 'p1:u2:lead1', psid: 'u2' }), 100)
      await s.contacts.forget('p1', 'u1')
      expect(await s.leads.get(mine!.id)).toBeUndefined()
      expect(await s.leads.deliveries(mine!.id)).toEqual([])
      expect(await s.leads.get(theirs!.id)).toBeDefined()
    })

    it('keeps one webhook secret per Page', async () => {
      const s = storage()
      const a = await s.leads.webhookSecret('p1', () => 'first', 1)
      expect(await s.leads.webhookSecret('p1', () => 'second', 2)).toBe(a)
      expect(await s.leads.webhookSecret('p2', () => 'other', 2)).toBe('other')
    })

    it('rotates one Page’s webhook secret and leaves the others', async () => {
      const s = storage()
      await s.leads.webhookSecret('p1', () => 'first', 1)
      await s.leads.webhookSecret('p2', () => 'other', 1)
      expect(await s.leads.rotateWebhookSecret('p1', () => 'rotated', 2)).toBe('rotated')
      expect(await s.leads.webhookSecret('p1', () => 'unused', 3)).toBe('rotated')
      expect(await s.leads.webhookSecret('p2', () => 'unused', 3)).toBe('other')
      // A Page that never had one gets the rotated secret as its first.
      expect(await s.leads.rotateWebhookSecret('p3', () => 'fresh', 4)).toBe('fresh')
      expect(await s.leads.webhookSecret('p3', () => 'unused', 5)).toBe('fresh')
    })
  })
}

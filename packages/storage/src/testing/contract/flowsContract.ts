import { describe, expect, it } from 'vitest'
import type { Storage } from '../../ports'
import { testFlow } from '../storageFixtures'

export function flowsContract(storage: () => Storage): void {
  describe('flows', () => {
    it('creates a draft at revision 1 and reads it back', async () => {
      const saved = await storage().flows.saveDraft(testFlow('f1'), undefined, 100)
      const draft = {
        id: 'f1',
        document: testFlow('f1'),
        flow: testFlow('f1'),
        revision: 1,
        updatedAt: 100,
      }
      expect(saved).toEqual({ ok: true, draft })
      expect(await storage().flows.getDraft('f1')).toEqual(draft)
      expect(await storage().flows.getDraft('nope')).toBeUndefined()
    })

    it('bumps the revision on each save and refuses a stale one with the current draft', async () => {
      await storage().flows.saveDraft(testFlow('f1', 'one'), undefined, 100)
      const second = await storage().flows.saveDraft(testFlow('f1', 'two'), 1, 200)
      expect(second).toMatchObject({ ok: true, draft: { revision: 2, updatedAt: 200 } })

      // The other tab still thinks it is at revision 1.
      const stale = await storage().flows.saveDraft(testFlow('f1', 'three'), 1, 300)
      expect(stale).toEqual({
        ok: false,
        conflict: {
          id: 'f1',
          document: testFlow('f1', 'two'),
          flow: testFlow('f1', 'two'),
          revision: 2,
          updatedAt: 200,
        },
      })
      // Creating over an existing draft is a conflict too.
      expect(await storage().flows.saveDraft(testFlow('f1', 'four'), undefined, 400)).toMatchObject(
        {
          ok: false,
          conflict: { revision: 2 },
        },
      )
      expect((await storage().flows.getDraft('f1'))?.flow).toEqual(testFlow('f1', 'two'))
    })

    it('lists and deletes drafts', async () => {
      await storage().flows.saveDraft(testFlow('a'), undefined, 100)
      await storage().flows.saveDraft(testFlow('b'), undefined, 200)
      expect((await storage().flows.listDrafts()).map((d) => d.id).sort()).toEqual(['a', 'b'])
      await storage().flows.deleteDraft('a')
      expect((await storage().flows.listDrafts()).map((d) => d.id)).toEqual(['b'])
      expect(await storage().flows.getDraft('a')).toBeUndefined()
    })

    it('keeps a work-in-progress draft the flow schema refuses, but never publishes one', async () => {
      const flow = testFlow('f1')
      // Mid-edit: a message whose text the marketer has not typed yet.
      const inProgress = {
        ...flow,
        nodes: flow.nodes.map((n) => (n.type === 'message' ? { ...n, data: { text: '' } } : n)),
      }
      expect(inProgress.nodes.some((n) => n.type === 'message')).toBe(true)
      const saved = await storage().flows.saveDraft(inProgress, undefined, 100)
      expect(saved).toMatchObject({ ok: true, draft: { revision: 1 } })
      const draft = await storage().flows.getDraft('f1')
      expect(draft?.document).toEqual(inProgress)
      expect(draft?.flow).toBeUndefined()
      // Fixed in the next save: the draft is a valid flow again.
      await storage().flows.saveDraft(flow, 1, 200)
      expect((await storage().flows.getDraft('f1'))?.flow).toEqual(flow)
      await expect(
        storage().flows.publish(inProgress as unknown as typeof flow, 'p1', 300),
      ).rejects.toThrow()
      expect(await storage().flows.published('p1')).toEqual([])
    })

    it('refuses to store a document that is not flow-shaped', async () => {
      const broken = { ...testFlow('f1'), nodes: 'none' } as unknown as ReturnType<typeof testFlow>
      await expect(storage().flows.saveDraft(broken, undefined, 100)).rejects.toThrow()
      expect(await storage().flows.getDraft('f1')).toBeUndefined()
    })

    it('publishes numbered, immutable versions and makes the newest live on the Page', async () => {
      const v1 = await storage().flows.publish(testFlow('f1', 'one'), 'p1', 100)
      expect(v1).toMatchObject({
        flowId: 'f1',
        number: 1,
        flow: testFlow('f1', 'one'),
        createdAt: 100,
      })
      const v2 = await storage().flows.publish(testFlow('f1', 'two'), 'p1', 200)
      expect(v2).toMatchObject({ flowId: 'f1', number: 2, flow: testFlow('f1', 'two') })
      expect(v2.id).not.toBe(v1.id)

      // Conversations pinned to version 1 still get version 1.
      expect(await storage().flows.getVersion(v1.id)).toEqual(v1)
      expect(await storage().flows.getVersion(v2.id)).toEqual(v2)
      expect(await storage().flows.getVersion('nope')).toBeUndefined()
      expect(await storage().flows.published('p1')).toEqual([v2])
    })

    it('keeps one live version per flow per Page, newest publish first', async () => {
      const a1 = await storage().flows.publish(testFlow('a'), 'p1', 100)
      const b1 = await storage().flows.publish(testFlow('b'), 'p1', 200)
      const a2 = await storage().flows.publish(testFlow('a', 'again'), 'p1', 300)
      const other = await storage().flows.publish(testFlow('a', 'elsewhere'), 'p2', 400)
      expect(await storage().flows.published('p1')).toEqual([a2, b1])
      // Numbers count per flow, across Pages.
      expect(other.number).toBe(3)
      expect(await storage().flows.published('p2')).toEqual([other])
      expect(await storage().flows.published('p3')).toEqual([])
      expect(a1.number).toBe(1)
    })

    it('lists a flow’s versions newest first, without their flows', async () => {
      const s = storage()
      expect(await s.flows.listVersions('f1')).toEqual([])
      const v1 = await s.flows.publish(testFlow('f1', 'one'), 'p1', 100)
      const v2 = await s.flows.publish(testFlow('f1', 'two'), 'p1', 200)
      await s.flows.publish(testFlow('f2'), 'p1', 300)
      expect(await s.flows.listVersions('f1')).toEqual([
        { id: v2.id, flowId: 'f1', number: 2, createdAt: 200, contentHash: v2.contentHash },
        { id: v1.id, flowId: 'f1', number: 1, createdAt: 100, contentHash: v1.contentHash },
      ])
    })

    it('says which version of which flow is live on which Page', async () => {
      const s = storage()
      const a1 = await s.flows.publish(testFlow('a'), 'p1', 100)
      const b1 = await s.flows.publish(testFlow('b'), 'p1', 200)
      const a2 = await s.flows.publish(testFlow('a', 'again'), 'p2', 300)
      expect(await s.flows.publications('a')).toEqual([
        { pageId: 'p2', flowId: 'a', versionId: a2.id, number: 2, publishedAt: 300 },
        { pageId: 'p1', flowId: 'a', versionId: a1.id, number: 1, publishedAt: 100 },
      ])
      expect((await s.flows.publications()).map((p) => [p.pageId, p.versionId])).toEqual([
        ['p2', a2.id],
        ['p1', b1.id],
        ['p1', a1.id],
      ])
      expect(await s.flows.publications('nope')).toEqual([])
    })
  })
}

import { describe, expect, it } from 'vitest'
import type { Storage } from '../../ports'
import { testFlow, testState } from '../storageFixtures'

export function publishingContract(storage: () => Storage): void {
  describe('publishing: content-hashed versions, rollback, history', () => {
    it('reuses the version with identical content instead of copying it', async () => {
      const s = storage()
      const v1 = await s.flows.publish(testFlow('f1', 'one'), 'p1', 100, { publishedBy: 'ana' })
      expect(v1.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(v1.publishedBy).toBe('ana')
      // Same content, keys in another order: the same version.
      const flow = testFlow('f1', 'one')
      const reordered = Object.fromEntries(Object.entries(flow).reverse()) as typeof flow
      const again = await s.flows.publish(reordered, 'p2', 200, { publishedBy: 'bo' })
      expect(again.id).toBe(v1.id)
      expect(again.publishedBy).toBe('ana')
      expect(await s.flows.listVersions('f1')).toHaveLength(1)
      expect(await s.flows.findByHash('f1', v1.contentHash)).toEqual(v1)
      expect(await s.flows.findByHash('f2', v1.contentHash)).toBeUndefined()
      expect((await s.flows.published('p2')).map((v) => v.id)).toEqual([v1.id])
    })

    it('rolls back to an older version and records who did what when', async () => {
      const s = storage()
      const v1 = await s.flows.publish(testFlow('f1', 'one'), 'p1', 100, { publishedBy: 'ana' })
      const v2 = await s.flows.publish(testFlow('f1', 'two'), 'p1', 200)
      expect((await s.flows.published('p1')).map((v) => v.id)).toEqual([v2.id])
      const back = await s.flows.makeLive(v1.id, 'p1', 300, { publishedBy: 'bo' })
      expect(back?.id).toBe(v1.id)
      expect((await s.flows.published('p1')).map((v) => v.id)).toEqual([v1.id])
      expect(await s.flows.makeLive('nope', 'p1', 400)).toBeUndefined()
      // The versions themselves never change; a rollback adds no version.
      expect((await s.flows.listVersions('f1')).map((v) => v.number)).toEqual([2, 1])
      expect(await s.flows.history('f1')).toEqual([
        expect.objectContaining({
          versionId: v1.id,
          number: 1,
          action: 'rollback',
          publishedBy: 'bo',
          at: 300,
        }),
        expect.objectContaining({ versionId: v2.id, number: 2, action: 'publish', at: 200 }),
        expect.objectContaining({
          versionId: v1.id,
          number: 1,
          action: 'publish',
          publishedBy: 'ana',
          at: 100,
        }),
      ])
    })

    it('lists a Page’s conversations pinned to given versions', async () => {
      const s = storage()
      for (const [psid, version] of [
        ['a', 'v1'],
        ['b', 'v2'],
        ['c', 'v3'],
      ] as const)
        await s.conversations.save(
          { pageId: 'p1', psid, flowVersionId: version, state: testState(psid) },
          undefined,
          100,
        )
      await s.conversations.save(
        { pageId: 'p2', psid: 'a', flowVersionId: 'v1', state: testState('a') },
        undefined,
        100,
      )
      const found = await s.conversations.listByVersions('p1', ['v1', 'v2'])
      expect(found.map((c) => [c.psid, c.flowVersionId])).toEqual([
        ['a', 'v1'],
        ['b', 'v2'],
      ])
      expect(await s.conversations.listByVersions('p1', [])).toEqual([])
    })
  })

  describe('Messenger profiles', () => {
    it('stores the wanted settings and each sync’s outcome', async () => {
      const s = storage()
      expect(await s.pageProfiles.get('p1')).toBeUndefined()
      const settings = {
        getStarted: { payload: 'GET_STARTED' },
        greeting: [{ locale: 'default', text: 'Hi!' }],
        persistentMenu: [{ title: 'Book', payload: 'BOOK', flowId: 'f1' }],
        iceBreakers: [],
        whitelistedDomains: ['https://shop.example.com'],
      }
      const saved = await s.pageProfiles.saveSettings('p1', settings, 100)
      expect(saved).toEqual({ pageId: 'p1', settings, calls: [], updatedAt: 100 })
      await s.pageProfiles.recordSync('p1', { calls: [150], error: 'the token was refused' }, 150)
      expect(await s.pageProfiles.get('p1')).toMatchObject({
        calls: [150],
        syncError: 'the token was refused',
      })
      await s.pageProfiles.recordSync('p1', { calls: [150, 160], synced: settings }, 160)
      const synced = await s.pageProfiles.get('p1')
      expect(synced).toMatchObject({ synced: settings, syncedAt: 160, calls: [150, 160] })
      expect(synced?.syncError).toBeUndefined()
      // New wanted settings keep what was synced, so the editor can show the difference.
      await s.pageProfiles.saveSettings('p1', { ...settings, greeting: [] }, 200)
      expect(await s.pageProfiles.get('p1')).toMatchObject({
        synced: settings,
        settings: { greeting: [] },
      })
    })
  })
}

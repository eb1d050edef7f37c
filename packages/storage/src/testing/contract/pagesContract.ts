import { describe, expect, it } from 'vitest'
import type { Storage } from '../../ports'
import { testFlow, testPage } from '../storageFixtures'

export function pagesContract(storage: () => Storage): void {
  describe('pages', () => {
    it('creates a Page active, and reads it back', async () => {
      const created = await storage().pages.upsert(testPage('p1'), 100)
      expect(created).toEqual({
        ...testPage('p1'),
        kind: 'connected',
        status: 'active',
        createdAt: 100,
        updatedAt: 100,
      })
      expect(await storage().pages.get('p1')).toEqual(created)
      expect(await storage().pages.get('nope')).toBeUndefined()
    })

    it('replaces a Page on upsert but keeps when it was created', async () => {
      await storage().pages.upsert(testPage('p1'), 100)
      const updated = await storage().pages.upsert(
        { ...testPage('p1'), name: 'Renamed', appSecret: 'new secret' },
        200,
      )
      expect(updated).toMatchObject({
        name: 'Renamed',
        appSecret: 'new secret',
        createdAt: 100,
        updatedAt: 200,
      })
    })

    it('lists Pages in the order they were created', async () => {
      await storage().pages.upsert(testPage('b'), 100)
      await storage().pages.upsert(testPage('a'), 200)
      expect((await storage().pages.list()).map((p) => p.id)).toEqual(['b', 'a'])
    })

    it('pauses a Page with a reason, and a new access token (only) clears the pause', async () => {
      await storage().pages.upsert(testPage('p1', 'old'), 100)
      await storage().pages.setStatus('p1', 'paused', 'token refused (190)', 150)
      expect(await storage().pages.get('p1')).toMatchObject({
        status: 'paused',
        pausedReason: 'token refused (190)',
        updatedAt: 150,
      })

      const sameToken = await storage().pages.upsert({ ...testPage('p1', 'old'), name: 'x' }, 200)
      expect(sameToken).toMatchObject({ status: 'paused', pausedReason: 'token refused (190)' })

      const newToken = await storage().pages.upsert(testPage('p1', 'new'), 300)
      expect(newToken.status).toBe('active')
      expect(newToken.pausedReason).toBeUndefined()
      expect(await storage().pages.get('p1')).toEqual(newToken)
    })

    it('clears the reason when a Page is set active again', async () => {
      await storage().pages.upsert(testPage('p1'), 100)
      await storage().pages.setStatus('p1', 'paused', 'why', 150)
      await storage().pages.setStatus('p1', 'active', undefined, 160)
      const page = await storage().pages.get('p1')
      expect(page?.status).toBe('active')
      expect(page?.pausedReason).toBeUndefined()
    })

    it('keeps a Page’s kind: connected unless it says simulator', async () => {
      const s = storage()
      await s.pages.upsert(testPage('real'), 100)
      await s.pages.upsert({ ...testPage('sim'), kind: 'simulator' }, 100)
      expect((await s.pages.list()).map((p) => [p.id, p.kind])).toEqual([
        ['real', 'connected'],
        ['sim', 'simulator'],
      ])
    })

    it('deletes a Page with what is live on it, and keeps the versions', async () => {
      const s = storage()
      await s.pages.upsert(testPage('p1'), 100)
      await s.pages.upsert(testPage('p2'), 100)
      const v = await s.flows.publish(testFlow('f1'), 'p1', 200)
      await s.flows.publish(testFlow('f1'), 'p2', 300)
      await s.pages.delete('p1')
      await s.pages.delete('unknown')
      expect(await s.pages.get('p1')).toBeUndefined()
      expect((await s.pages.list()).map((p) => p.id)).toEqual(['p2'])
      expect(await s.flows.published('p1')).toEqual([])
      expect((await s.flows.publications('f1')).map((p) => p.pageId)).toEqual(['p2'])
      expect(await s.flows.getVersion(v.id)).toEqual(v)
    })
  })
}
